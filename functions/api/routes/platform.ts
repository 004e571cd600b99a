// Public platform routes: health, the local JWKS and demo tokens (AUTH_MODE=local only).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ROLES } from '../../../shared/domain/roles.js';
import type { AppEnv } from '../../runtime/env.js';
import type { LocalTokenIssuer } from '../../runtime/auth/local-issuer.js';
import { commonErrors, jsonBody, jsonResponse } from '../schemas/common.js';

const HealthSchema = z
  .object({ status: z.literal('ok'), versions: z.record(z.string(), z.string()) })
  .openapi('Health');
const StartingSchema = z.object({ status: z.literal('starting') }).openapi('HealthStarting');

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['Platform'],
  summary: 'Readiness, and the versions of what the API runs on',
  responses: {
    200: jsonResponse(HealthSchema, 'Ready: the table exists and (under npm start) the demo data is seeded'),
    503: jsonResponse(StartingSchema, 'Still starting: try again shortly'),
  },
});

export const healthRoutes = new OpenAPIHono<AppEnv>()
  .openapi(health, (c) => {
    const { ready, versions } = c.get('deps');
    if (ready && !ready()) {
      c.header('Retry-After', '1');
      return c.json({ status: 'starting' as const }, 503);
    }
    return c.json({ status: 'ok' as const, versions }, 200);
  })
  // Where Stripe sends a VCSE back after onboarding; the account.updated webhook does the rest.
  .get('/onboarding-complete', (c) =>
    c.html(
      '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Stripe onboarding complete – Pay on Prescription</title></head>' +
        '<body><main><h1>Thank you</h1><p>Your Stripe details have been sent. Payments can start once Stripe has checked them; you can close this page.</p></main></body></html>',
    ),
  )
  // Where Stripe sends a VCSE whose onboarding link has expired or was already used.
  .get('/onboarding-refresh', (c) =>
    c.html(
      '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Onboarding link expired – Pay on Prescription</title></head>' +
        '<body><main><h1>This link has expired</h1><p>Onboarding links work once and for a few minutes. Go back to Pay on Prescription and choose “Set up payments” again for a new link.</p></main></body></html>',
    ),
  );

const DevTokenRequest = z
  .strictObject({
    sub: z.string().min(1).max(128),
    roles: z.array(z.enum(ROLES)).min(1),
    organisationId: z.string().max(64).optional(),
  })
  .openapi('DevTokenRequest');

const devToken = createRoute({
  method: 'post',
  path: '/v1/dev/token',
  tags: ['Local development'],
  summary: 'Issue a demo token (exists only with AUTH_MODE=local)',
  request: jsonBody(DevTokenRequest),
  responses: { 200: jsonResponse(z.object({ token: z.string() }), 'A signed RS256 token'), ...commonErrors },
});

const jwks = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  tags: ['Local development'],
  summary: 'The public keys that verify locally issued tokens',
  responses: { 200: jsonResponse(z.object({ keys: z.array(z.record(z.string(), z.unknown())) }), 'JWKS') },
});

/** Mounted only when a local issuer exists, so in AWS these paths are simply not found. */
export const localAuthRoutes = (issuer: LocalTokenIssuer) =>
  new OpenAPIHono<AppEnv>()
    .openapi(devToken, async (c) => {
      const body = c.req.valid('json');
      return c.json({ token: await issuer.issue(body) }, 200);
    })
    .openapi(jwks, (c) => c.json(issuer.jwks as { keys: Record<string, unknown>[] }, 200));
