// Hostile input on every operation of the OpenAPI document: fuzzed bodies, path segments, queries and
// headers. Never a 500, every refusal problem+json, and nothing written (the table compared before and after).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../shared/domain/roles.js';
import { tableSnapshot } from '../support/builders.js';
import { recordFigures } from '../support/hostile-figures.js';
import { hostileHeaders, hostileQuery, hostileSegment, hostileText, hostileValue, pollutingKey, rawBody } from '../support/hostile-inputs.js';
import { MATRIX, OK, type Req } from '../support/hostile-matrix.js';
import { callerIn, createHostileHarness, createWorld, organisationIn, routeTable, type HostileHarness, type Operation, type World } from '../support/hostile-world.js';

const RUNS_PER_OPERATION = Number(process.env.HOSTILE_RUNS ?? 20);

let hh: HostileHarness;
let a: World;
let operations: Operation[];
let document: Record<string, any>;
beforeAll(async () => {
  hh = await createHostileHarness();
  a = await createWorld(hh.h);
  ({ operations, document } = await routeTable(hh.h));
});
afterAll(() => hh.h.close());

/** The body's property names as the document declares them (following $ref into components). */
const bodyProperties = (op: Operation): string[] => {
  let schema = op.document.requestBody?.content?.['application/json']?.schema;
  if (schema?.$ref) schema = document.components.schemas[String(schema.$ref).split('/').pop()!];
  return Object.keys(schema?.properties ?? {});
};

/** The first role the matrix lets through for its own resource, so requests reach validation and beyond. */
const allowedRole = (op: Operation): Role | undefined => ROLES.find((role) => {
  const cell = MATRIX[op.key]?.roles[role];
  return (typeof cell === 'string' ? cell : cell?.[0]) === OK;
});

interface Mutation {
  body?: { kind: 'field'; name: string; value: unknown } | { kind: 'pollute'; key: string; value: unknown } | { kind: 'raw'; text: string };
  segment?: string;
  query?: string;
  headers?: Record<string, string>;
}

const mutationOf = (op: Operation): fc.Arbitrary<Mutation> => {
  const props = bodyProperties(op);
  const body = fc.oneof(
    ...(props.length ? [fc.record({ kind: fc.constant('field' as const), name: fc.constantFrom(...props), value: fc.oneof(hostileValue, hostileText) })] : []),
    fc.record({ kind: fc.constant('pollute' as const), key: pollutingKey, value: hostileValue }),
    rawBody.map((text) => ({ kind: 'raw' as const, text })),
  );
  const parts = {
    segment: op.path.includes('{') ? fc.option(hostileSegment, { nil: undefined }) : fc.constant(undefined),
    query: fc.option(hostileQuery(op.query), { nil: undefined }),
    headers: fc.option(hostileHeaders, { nil: undefined }),
  };
  // A write always carries a hostile body, so that no combination can add up to a valid request.
  if (op.method !== 'GET') return fc.record({ body, ...parts });
  return fc.record({ ...parts }).filter((m) => m.segment !== undefined || m.query !== undefined || m.headers !== undefined);
};

const render = (req: Req, m: Mutation): { path: string; body?: string } => {
  let path = req.path;
  if (m.segment !== undefined) path = path.replace(/\/(org|fund|run|ref|act|agr)_[0-9A-Z]{26}/, `/${m.segment}`);
  if (m.query !== undefined) path += `${path.includes('?') ? '&' : '?'}${m.query}`;
  if (!m.body) return { path, ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}) };
  if (m.body.kind === 'raw') return { path, body: m.body.text };
  const base = (req.body ?? {}) as Record<string, unknown>;
  const text = m.body.kind === 'field'
    ? JSON.stringify({ ...base, [m.body.name]: m.body.value })
    // JSON.stringify drops a __proto__ own key set by spreading, so the key is written into the text.
    : `${JSON.stringify(base).slice(0, -1)}${Object.keys(base).length ? ',' : ''}${JSON.stringify(m.body.key)}:${JSON.stringify(m.body.value) ?? 'null'}}`;
  return { path, body: text };
};

describe('Hostile input on every operation of the OpenAPI document', () => {
  it('never answers 500, refuses with problem+json, and writes nothing', async () => {
    const before = await tableSnapshot(hh.h);
    let tried = 0;
    for (const op of operations) {
      const row = MATRIX[op.key];
      expect(row, `the matrix needs a row for ${op.key}`).toBeDefined();
      const role = allowedRole(op);
      const req = row!.request({ org: role ? organisationIn(a, role) : a.vcseOrgId, fund: a.fundId, run: a.runId, ref: a.referralId, act: a.activityId, agr: a.agreementId }, a);
      const auth: Record<string, string> = role && op.signedIn ? { authorization: `Bearer ${await hh.issuer.token(callerIn(a, role))}` } : {};
      await fc.assert(
        fc.asyncProperty(mutationOf(op), async (m) => {
          tried += 1;
          const { path, body } = render(req, m);
          const headers: Record<string, string> = { ...auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(m.headers ?? {}) };
          const res = await hh.h.app.request(path, { method: op.method, headers, ...(body !== undefined ? { body } : {}) });
          const text = await res.text();
          const what = `${op.method} ${path.slice(0, 200)} ${JSON.stringify(m).slice(0, 300)} → ${res.status} ${text.slice(0, 300)}`;
          expect(res.status, what).toBeLessThan(500);
          if (res.status >= 400) expect(res.headers.get('content-type'), what).toContain('application/problem+json');
          if (op.method !== 'GET' && op.path !== '/v1/dev/token') expect(res.status, what).toBeGreaterThanOrEqual(400);
        }),
        { numRuns: RUNS_PER_OPERATION, seed: Number(process.env.HOSTILE_SEED ?? 13) },
      );
    }
    expect(await tableSnapshot(hh.h)).toEqual(before);
    recordFigures({ requests: tried, badInputs: tried });
  });

  it('refuses an unknown field, a polluting key or deep nesting in every body, naming the field', async () => {
    for (const op of operations.filter((o) => o.hasBody && o.method !== 'GET')) {
      const role = allowedRole(op);
      const req = MATRIX[op.key]!.request({ org: role ? organisationIn(a, role) : a.vcseOrgId, fund: a.fundId, run: a.runId, ref: a.referralId, act: a.activityId, agr: a.agreementId }, a);
      const auth: Record<string, string> = role && op.signedIn ? { authorization: `Bearer ${await hh.issuer.token(callerIn(a, role))}` } : {};
      const base = JSON.stringify(req.body ?? {}).slice(0, -1);
      const comma = base.length > 1 ? ',' : '';
      for (const extra of ['"__proto__":{"admin":true}', '"constructor":{"prototype":{"admin":true}}', `"nested":${'['.repeat(500)}${']'.repeat(500)}`]) {
        const res = await hh.h.app.request(req.path, { method: op.method, headers: { ...auth, 'content-type': 'application/json' }, body: `${base}${comma}${extra}}` });
        expect({ op: op.key, extra: extra.slice(0, 20), status: res.status }).toEqual({ op: op.key, extra: extra.slice(0, 20), status: 400 });
      }
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});
