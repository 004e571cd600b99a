// The shared runtime: deadlines put on the store per request and per invocation, and apps composed side by side.
import { Logger } from '@aws-lambda-powertools/logger';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { composeApps, paths, under } from '../../functions/runtime/compose.js';
import { LAMBDA_MARGIN_MS, REQUEST_BUDGET_MS, lambdaDeadline, requestDeadline } from '../../functions/runtime/deadlines.js';
import type { Deps } from '../../functions/runtime/deps.js';
import type { AppEnv } from '../../functions/runtime/env.js';
import { requestContext } from '../../functions/runtime/request-context.js';
import type { Store } from '../../shared/store/client.js';

const remaining = (ms: number) => ({ getRemainingTimeInMillis: () => ms });

describe('Function: lambdaDeadline', () => {
  it('keeps the margin back from what the Lambda has left', () => {
    expect(lambdaDeadline(remaining(10_000), 1_000)).toEqual({ at: 1_000 + 10_000 - LAMBDA_MARGIN_MS });
  });

  it('never puts the deadline before now when less than the margin is left', () => {
    expect(lambdaDeadline(remaining(1_000), 5_000)).toEqual({ at: 5_000 });
  });
});

describe('Function: requestDeadline', () => {
  it('uses the fixed request budget outside Lambda, and the Lambda’s time inside it', () => {
    expect(requestDeadline(undefined, 2_000)).toEqual({ at: 2_000 + REQUEST_BUDGET_MS });
    expect(requestDeadline(remaining(8_000), 2_000)).toEqual({ at: 2_000 + 8_000 - LAMBDA_MARGIN_MS });
  });

  it('takes a deployment’s own budget outside Lambda, never inside it', () => {
    expect(requestDeadline(undefined, 2_000, 60_000)).toEqual({ at: 62_000 });
    expect(requestDeadline(remaining(8_000), 2_000, 60_000)).toEqual({ at: 2_000 + 8_000 - LAMBDA_MARGIN_MS });
  });
});

describe('Middleware: requestContext', () => {
  const store = { tableName: 't' } as Store;
  const deps = { store, logger: new Logger({ serviceName: 'runtime-test', logLevel: 'ERROR' }) } as unknown as Deps;
  const app = new Hono<AppEnv>().use('*', requestContext(deps)).get('/deadline', (c) => c.json({ at: c.get('deps').store.deadline?.at ?? null }));

  it('puts the Lambda’s remaining time, less the margin, on the store a route sees', async () => {
    const before = Date.now();
    const res = await app.request('/deadline', {}, { lambdaContext: remaining(20_000) });
    const { at } = (await res.json()) as { at: number };
    expect(at).toBeGreaterThanOrEqual(before + 20_000 - LAMBDA_MARGIN_MS);
    expect(at).toBeLessThanOrEqual(Date.now() + 20_000 - LAMBDA_MARGIN_MS);
    expect(deps.store.deadline).toBeUndefined();
  });

  it('gives a request outside Lambda the fixed budget', async () => {
    const before = Date.now();
    const { at } = (await (await app.request('/deadline')).json()) as { at: number };
    expect(at).toBeGreaterThanOrEqual(before + REQUEST_BUDGET_MS);
    expect(at).toBeLessThanOrEqual(Date.now() + REQUEST_BUDGET_MS);
  });
});

describe('Function: composeApps', () => {
  // The API refuses anonymous callers everywhere; the webhook and web pages must never meet that rule.
  const api = new Hono().use('*', async (c) => c.json({ from: 'api', refused: true }, 401));
  const webhook = new Hono().post('/v1/stripe/webhook', async (c) => c.json({ from: 'webhook', body: await c.req.text(), env: c.env }));
  const web = new Hono().get('/app/*', (c) => c.json({ from: 'web', path: c.req.path }));
  const app = composeApps([paths(webhook, '/v1/stripe/webhook'), under(web, '/app')], api);

  it('sends each request untouched to the app that owns its path, with the env passed on', async () => {
    const res = await app.request('/v1/stripe/webhook', { method: 'POST', body: 'raw bytes' }, { lambdaContext: 'ctx' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ from: 'webhook', body: 'raw bytes', env: { lambdaContext: 'ctx' } });
    expect(await (await app.request('/app/referrals')).json()).toEqual({ from: 'web', path: '/app/referrals' });
  });

  it('gives every other path to the fallback, including look-alikes of an owned prefix', async () => {
    for (const path of ['/v1/referrals', '/v1/stripe/webhook/extra', '/apple']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(401);
      expect(await res.json()).toMatchObject({ from: 'api' });
    }
  });
});
