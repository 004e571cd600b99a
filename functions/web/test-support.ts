// For the web service's own tests: an in-memory stand-in for the API and a verifier, so app.request needs no server.
import { decodeJwt, jwtVerify, SignJWT } from 'jose';
import { createWebApp } from './app.js';
import type { WebOptions, WebPrincipal } from './options.js';

const SECRET = new TextEncoder().encode('web-test-secret-web-test-secret!');

export const testToken = (principal: WebPrincipal, ttlSeconds = 3600) =>
  new SignJWT({ 'cognito:groups': [...principal.roles], ...(principal.organisationId ? { 'custom:org_id': principal.organisationId } : {}), email: `${principal.sub}@example.org` })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(principal.sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(SECRET);

export const testVerifier = {
  async verify(token: string): Promise<WebPrincipal> {
    const { payload } = await jwtVerify(token, SECRET);
    return { sub: payload.sub!, roles: payload['cognito:groups'] as string[], organisationId: payload['custom:org_id'] as string | undefined };
  },
};

export interface ApiCallRecord {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

export type ApiHandler = (method: string, path: string, body: unknown) => { status: number; body: unknown } | undefined;

/** A web app over a fake API: dev tokens are issued for real, other calls answered by `handler` (404 otherwise). */
export const testWebApp = (overrides: Partial<WebOptions> & { handler?: ApiHandler; tokenTtlSeconds?: number } = {}) => {
  const calls: ApiCallRecord[] = [];
  const api: WebOptions['api'] = async (path, init) => {
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    calls.push({ method, path, body });
    if (path === '/v1/dev/token') {
      const claims = body as { sub: string; roles: string[]; organisationId?: string };
      return Response.json({ token: await testToken({ sub: claims.sub, roles: claims.roles, organisationId: claims.organisationId }, overrides.tokenTtlSeconds) });
    }
    const answer = overrides.handler?.(method, path, body) ?? { status: 404, body: { code: 'not_found', title: 'Not found', detail: `There is no ${method} ${path}.` } };
    return Response.json(answer.body, { status: answer.status, headers: answer.status >= 400 ? { 'content-type': 'application/problem+json' } : {} });
  };
  const app = createWebApp({
    api,
    verifier: testVerifier,
    auth: { mode: 'local', demoUsers: () => [{ sub: 'demo-link-worker', roles: ['link_worker'], organisation: 'org_LW', description: 'Link worker, IMAGO Medway' }] },
    sessionKey: new Uint8Array(32).fill(7),
    publicUrl: 'http://localhost:3000',
    ...overrides,
  });
  return { app, calls };
};

/** A cookie jar for app.request: what Set-Cookie gave, sent back as Cookie. */
export const cookieJar = () => {
  const cookies = new Map<string, string>();
  return {
    take(response: Response) {
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const [name, ...value] = pair!.split('=');
        if (/max-age=0/i.test(line)) cookies.delete(name!.trim());
        else cookies.set(name!.trim(), value.join('='));
      }
      return response;
    },
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    has: (name: string) => cookies.has(name),
  };
};

export const tokenClaims = (token: string) => decodeJwt(token);
