// A quick local measure of acceptance through `app.request`: p50 and p95, and DynamoDB calls per acceptance (not the bench).
import { Logger } from '@aws-lambda-powertools/logger';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createApp } from '../functions/api/app.js';
import { createLocalIssuer, generateSigningJwk } from '../functions/runtime/auth/local-issuer.js';
import { createTokenVerifier } from '../functions/runtime/auth/verifier.js';
import type { Deps } from '../functions/runtime/deps.js';
import { createIdempotencyStore } from '../functions/runtime/idempotency-store.js';
import { createMetrics } from '../functions/runtime/metrics.js';
import { startDynamoDbLocal } from '../local/dynamodb.js';
import { createIdFactory } from '../shared/domain/ids.js';
import type { Role } from '../shared/domain/roles.js';
import { createStore } from '../shared/store/client.js';
import { ensureTable } from '../shared/store/table.js';

const percentile = (samples: number[], p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

const dynamo = await startDynamoDbLocal();
try {
  const store = createStore({ tableName: `p50-${Date.now()}`, endpoint: dynamo.endpoint });
  await ensureTable(store.raw, store.tableName);
  let calls = 0;
  const send = store.doc.send.bind(store.doc);
  let inDynamo = 0;
  const names = new Map<string, number>();
  (store.doc as { send: unknown }).send = async (...args: Parameters<typeof send>) => {
    calls += 1;
    const t = performance.now();
    try {
      return await send(...args);
    } finally {
      const ms = performance.now() - t;
      inDynamo += ms;
      const name = args[0].constructor.name;
      names.set(name, (names.get(name) ?? 0) + ms);
    }
  };
  const issuer = await createLocalIssuer(await generateSigningJwk());
  const deps: Deps = {
    store,
    logger: new Logger({ serviceName: 'p50', logLevel: 'ERROR' }),
    verifier: createTokenVerifier({ keys: issuer.keys, issuer: issuer.issuer }),
    localIssuer: issuer,
    idempotencyStore: createIdempotencyStore(store),
    clock: () => new Date(),
    ids: createIdFactory(),
    versions: { api: 'p50' },
    stripe: undefined,
    payouts: undefined,
    publicUrl: 'http://localhost:3000',
    metrics: createMetrics({ capture: () => undefined }),
  };
  const app = createApp(deps);
  const tokens = new Map<string, string>();
  const call = async (method: string, path: string, as: { sub: string; roles: Role[]; organisationId?: string }, body?: unknown) => {
    const key = JSON.stringify(as);
    if (!tokens.has(key)) tokens.set(key, await issuer.issue(as));
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${tokens.get(key)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const admin = { sub: 'p-admin', roles: ['admin' as const] };
  const org = async (kind: string) => (await call('POST', '/v1/organisations', admin, { name: `P ${kind} ${Math.random()}`, kind })).body.id as string;
  const manager = { sub: 'p-fm', roles: ['fund_manager' as const], organisationId: await org('fund_manager') };
  const fund = (await call('POST', '/v1/funds', manager, { name: 'P fund', totalPence: 10_000_000_000, startsOn: '2026-01-01', endsOn: '2027-12-31' })).body.id as string;
  const vcse = { sub: 'p-vcse', roles: ['vcse' as const], organisationId: await org('vcse') };
  const activity = (await call('POST', '/v1/activities', vcse, { name: 'P walk', category: 'physical_activity' })).body.id as string;
  await call('POST', `/v1/funds/${fund}/agreements`, manager, { organisationId: vcse.organisationId, kind: 'per_referral', tariffPence: 2_500, period: 'month', startsOn: '2026-01-01', endsOn: '2027-12-31' });
  const linkWorker = { sub: 'p-lw', roles: ['link_worker' as const], organisationId: await org('referrer') };
  const N = Number(process.env.P50_ACCEPTANCES ?? 300);
  const sent: string[] = [];
  for (let i = 0; i < N + 32 * 8; i += 1) sent.push((await call('POST', '/v1/referrals', linkWorker, { activityId: activity, clientRef: `P-${i}`, source: 'gp', pcnOdsCode: 'U12345' })).body.id);
  const durations: number[] = [];
  const before = calls;
  inDynamo = 0;
  names.clear();
  for (const [i, id] of sent.slice(0, N).entries()) {
    const t = performance.now();
    const res = await call('POST', `/v1/referrals/${id}/accept`, vcse);
    if (i >= 20) durations.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`accept failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const perAcceptance = (calls - before) / N;
  const dynamoMsPerAcceptance = +(inDynamo / N).toFixed(2);
  const byCommand = Object.fromEntries([...names].map(([k, v]) => [k, +(v / N).toFixed(2)]));
  const concurrent: number[] = [];
  const rest = sent.slice(N);
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let id = rest.shift(); id !== undefined; id = rest.shift()) {
        const t = performance.now();
        const res = await call('POST', `/v1/referrals/${id}/accept`, vcse);
        concurrent.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`accept failed: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }),
  );
  // The floor: one TransactWriteItems of the acceptance's shape (a fund update and ten small new items), straight through the SDK.
  const floor: number[] = [];
  for (let i = 0; i < N; i += 1) {
    const items = [
      { Update: { TableName: store.tableName, Key: { pk: `FLOORFUND`, sk: 'F' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } } },
      ...Array.from({ length: 10 }, (_, j) => ({ Put: { TableName: store.tableName, Item: { pk: `FLOOR${i}`, sk: `I${j}`, body: 'x'.repeat(300) } } })),
    ];
    const t = performance.now();
    await send(new TransactWriteCommand({ TransactItems: items }));
    if (i >= 20) floor.push(performance.now() - t);
  }
  console.log(
    JSON.stringify({ floorP50Ms: +percentile(floor, 50).toFixed(2), one: { p50Ms: +percentile(durations, 50).toFixed(2), p95Ms: +percentile(durations, 95).toFixed(2), dynamoCallsPerAcceptance: perAcceptance, dynamoMsPerAcceptance, byCommand }, c32: { p50Ms: +percentile(concurrent, 50).toFixed(1) } }),
  );
} finally {
  await dynamo.stop();
}
