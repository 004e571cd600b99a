// Behaviour every route inherits: problem+json, limits, validation, idempotency, auth, docs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createOrganisation, tableSnapshot, userOf } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const expectProblem = (res: { status: number; body: any; headers: Headers }, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
};

describe('Platform routes', () => {
  it('answers /health with ok and the versions it runs on', async () => {
    const res = await h.call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', versions: expect.any(Object) });
  });

  it('publishes an OpenAPI 3.1 document generated from the request schemas', async () => {
    const res = await h.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/v1/organisations', '/v1/activities', '/health']));
    // The strict schema that validates requests is the one documented.
    expect(res.body.components.schemas.CreateActivity.additionalProperties).toBe(false);
  });

  it('serves human-readable docs at /docs', async () => {
    const res = await h.call('GET', '/docs');
    expect(res.status).toBe(200);
    expect(String(res.body)).toContain('/openapi.json');
  });

  it('answers an unknown path with a problem+json 404', async () => {
    expectProblem(await h.call('GET', '/v1/nowhere', { as: ADMIN }), 404, 'not_found');
    expectProblem(await h.call('GET', '/nowhere'), 404, 'not_found');
  });

  it('asks an anonymous caller to sign in before looking at anything under /v1, even a bad request', async () => {
    expectProblem(await h.call('GET', '/v1/nowhere'), 401, 'unauthenticated');
    expectProblem(await h.call('POST', '/v1/organisations', { body: { nonsense: true } }), 401, 'unauthenticated');
  });
});

describe('Request limits', () => {
  it('refuses a body over 64 KiB with 413 payload_too_large and writes nothing', async () => {
    const before = await tableSnapshot(h);
    const res = await h.call('POST', '/v1/organisations', { as: ADMIN, body: { name: 'x'.repeat(70 * 1024), kind: 'vcse' } });
    expectProblem(res, 413, 'payload_too_large');
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await h.call('POST', '/v1/organisations', {
      as: ADMIN,
      body: 'name=x&kind=vcse',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(res, 415, 'unsupported_media_type');
  });

  it('refuses malformed JSON with 400 validation_failed', async () => {
    expectProblem(await h.call('POST', '/v1/organisations', { as: ADMIN, body: '{"name": "x",' }), 400, 'validation_failed');
  });
});

describe('Validation', () => {
  it('rejects unknown fields, naming them, and writes nothing', async () => {
    const before = await tableSnapshot(h);
    const res = await h.call('POST', '/v1/organisations', { as: ADMIN, body: { name: 'Sunlight Trust', kind: 'vcse', colour: 'blue' } });
    expectProblem(res, 400, 'validation_failed');
    expect(JSON.stringify(res.body.errors)).toContain('colour');
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('rejects free text carrying a valid NHS number, spaces allowed', async () => {
    const org = await createOrganisation(h, 'vcse');
    const before = await tableSnapshot(h);
    const res = await h.call('POST', '/v1/activities', {
      as: userOf(org.id, 'vcse'),
      body: { name: 'Walk', category: 'physical_activity', description: 'for 943 476 5919 only' },
    });
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors[0].path).toBe('/description');
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('accepts ten digits that fail the NHS number check', async () => {
    const org = await createOrganisation(h, 'vcse');
    const res = await h.call('POST', '/v1/activities', {
      as: userOf(org.id, 'vcse'),
      body: { name: 'Walk', category: 'physical_activity', description: 'call 943 476 5910' },
    });
    expect(res.status).toBe(201);
  });
});

describe('Cursors and bodies', () => {
  it('refuses a forged cursor with validation_failed, never a 500', async () => {
    const forged = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString('base64url');
    expectProblem(await h.call('GET', `/v1/activities?cursor=${forged({ foo: 'bar' })}`, { as: ADMIN }), 400, 'validation_failed');
    expectProblem(await h.call('GET', `/v1/activities?cursor=${forged({ pk: 'X', sk: 'Y' })}`, { as: ADMIN }), 400, 'validation_failed');
  });

  it('refuses unknown fields on an action that takes no body', async () => {
    const org = await createOrganisation(h, 'vcse');
    const res = await h.call('POST', `/v1/organisations/${org.id}/stripe-onboarding`, { as: userOf(org.id, 'vcse'), body: { accountId: 'acct_x' } });
    expectProblem(res, 400, 'validation_failed');
  });

  it('refuses an ODS code that is really an NHS number', async () => {
    expectProblem(await h.call('POST', '/v1/organisations', { as: ADMIN, body: { name: 'X', kind: 'referrer', odsCode: '9434765919' } }), 400, 'validation_failed');
  });
});

describe('Authentication', () => {
  it('answers 401 without a token', async () => {
    expectProblem(await h.call('GET', '/v1/activities'), 401, 'unauthenticated');
  });

  it('answers 401 for a token signed by another key', async () => {
    const forged =
      'eyJhbGciOiJSUzI1NiIsImtpZCI6ImxvY2FsIn0.eyJzdWIiOiJ4IiwiaXNzIjoiaHR0cHM6Ly9wYXktb24tcHJlc2NyaXB0aW9uLmxvY2FsL2lzc3VlciJ9.c2lnbmF0dXJl';
    expectProblem(await h.call('GET', '/v1/activities', { headers: { authorization: `Bearer ${forged}` } }), 401, 'unauthenticated');
  });

  it('answers 403 forbidden when the role lacks the action', async () => {
    const res = await h.call('POST', '/v1/organisations', { as: { sub: 'c', roles: ['commissioner'] }, body: { name: 'X', kind: 'vcse' } });
    expectProblem(res, 403, 'forbidden');
  });

  it('issues demo tokens that the API accepts, and publishes their JWKS', async () => {
    const issued = await h.call('POST', '/v1/dev/token', { body: { sub: 'demo', roles: ['admin'] } });
    expect(issued.status).toBe(200);
    const jwks = await h.call('GET', '/.well-known/jwks.json');
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });
    expect(jwks.body.keys[0].d).toBeUndefined();
    const res = await h.call('POST', '/v1/organisations', {
      headers: { authorization: `Bearer ${issued.body.token}` },
      body: { name: 'Demo', kind: 'vcse' },
    });
    expect(res.status).toBe(201);
  });

  it('has no demo token route without AUTH_MODE=local', async () => {
    const cognito = await createHarness({ localIssuer: undefined });
    try {
      expectProblem(await cognito.call('POST', '/v1/dev/token', { body: { sub: 'x', roles: ['admin'] } }), 404, 'not_found');
      expectProblem(await cognito.call('GET', '/.well-known/jwks.json'), 404, 'not_found');
    } finally {
      await cognito.close();
    }
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body, creating one organisation', async () => {
    const body = { name: 'Rainham Men’s Shed', kind: 'vcse' };
    const headers = { 'idempotency-key': 'create-shed-1' };
    const first = await h.call('POST', '/v1/organisations', { as: ADMIN, body, headers });
    const second = await h.call('POST', '/v1/organisations', { as: ADMIN, body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const sheds = (await tableSnapshot(h)).filter((i) => i.entity === 'organisation' && i.name === body.name);
    expect(sheds).toHaveLength(1);
  });

  it('answers 422 idempotency_conflict for the same key with another body, writing nothing', async () => {
    const headers = { 'idempotency-key': 'create-2' };
    await h.call('POST', '/v1/organisations', { as: ADMIN, body: { name: 'First', kind: 'vcse' }, headers });
    const before = await tableSnapshot(h);
    const res = await h.call('POST', '/v1/organisations', { as: ADMIN, body: { name: 'Second', kind: 'vcse' }, headers });
    expectProblem(res, 422, 'idempotency_conflict');
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('does not store a refused request, so the corrected retry with the same key succeeds', async () => {
    const headers = { 'idempotency-key': 'create-3' };
    const refused = await h.call('POST', '/v1/organisations', { as: ADMIN, body: { name: 'X', kind: 'nope' }, headers });
    expect(refused.status).toBe(400);
    const retried = await h.call('POST', '/v1/organisations', { as: ADMIN, body: { name: 'X', kind: 'vcse' }, headers });
    expect(retried.status).toBe(201);
  });

  it('keeps keys apart between users', async () => {
    const headers = { 'idempotency-key': 'same-key' };
    const a = await h.call('POST', '/v1/organisations', { as: ADMIN, body: { name: 'A', kind: 'vcse' }, headers });
    const b = await h.call('POST', '/v1/organisations', { as: { sub: 'admin-2', roles: ['admin'] }, body: { name: 'B', kind: 'vcse' }, headers });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).not.toBe(a.body.id);
  });
});

describe('Request ids and failures', () => {
  it('returns a request id on every response, echoing a safe X-Request-Id', async () => {
    const res = await h.call('GET', '/health', { headers: { 'x-request-id': 'trace-123' } });
    expect(res.headers.get('x-request-id')).toBe('trace-123');
  });

  it('answers an unexpected failure with a generic 500 and no stack trace', async () => {
    const broken = await createHarness({
      verifier: {
        verify: () => {
          throw new Error('secret internals at /var/task/index.js:12');
        },
      },
    });
    try {
      const res = await broken.call('GET', '/v1/activities', { headers: { authorization: 'Bearer x' } });
      expectProblem(res, 500, 'internal');
      expect(JSON.stringify(res.body)).not.toContain('secret internals');
      expect(res.body.requestId).toEqual(expect.any(String));
    } finally {
      await broken.close();
    }
  });
});
