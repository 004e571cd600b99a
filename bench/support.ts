// Benchmark plumbing kept for perf-ops' bench/cold-start.ts and bench/payout-run.ts: a DynamoDB Local app on a fresh table, timing and percentiles. (bench/run.ts uses platform.ts and stats.ts.)
import { Logger } from '@aws-lambda-powertools/logger';
import { createApp } from '../functions/api/app.js';
import { createLocalIssuer, generateSigningJwk } from '../functions/runtime/auth/local-issuer.js';
import { createTokenVerifier } from '../functions/runtime/auth/verifier.js';
import type { Deps } from '../functions/runtime/deps.js';
import { createIdempotencyStore } from '../functions/runtime/idempotency-store.js';
import { createMetrics } from '../functions/runtime/metrics.js';
import { createIdFactory } from '../shared/domain/ids.js';
import type { Role } from '../shared/domain/roles.js';
import { createStore } from '../shared/store/client.js';
import { ensureTable } from '../shared/store/table.js';

/** `overrides` gives a bench Stripe and a payout queue (bench/payout-run.ts). */
export const createBenchApp = async (endpoint: string, tableName: string, overrides: Partial<Deps> = {}) => {
  const store = createStore({ tableName, endpoint });
  await ensureTable(store.raw, tableName);
  const issuer = await createLocalIssuer(await generateSigningJwk());
  const deps: Deps = {
    store,
    logger: new Logger({ serviceName: 'bench', logLevel: 'ERROR' }),
    verifier: createTokenVerifier({ keys: issuer.keys, issuer: issuer.issuer }),
    localIssuer: issuer,
    idempotencyStore: createIdempotencyStore(store),
    clock: () => new Date(),
    ids: createIdFactory(),
    versions: { api: 'bench' },
    stripe: undefined,
    payouts: undefined,
    publicUrl: 'http://localhost:3000',
    metrics: createMetrics({ capture: () => undefined }),
    ...overrides,
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
  return { app, deps, store, call };
};

/** Runs `fn` over `items` with at most `concurrency` at once; returns each call's duration in ms. */
export const timed = async <T>(items: T[], concurrency: number, fn: (item: T) => Promise<unknown>): Promise<{ durations: number[]; wallMs: number }> => {
  const durations: number[] = [];
  const queue = [...items];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
        const t = performance.now();
        await fn(item);
        durations.push(performance.now() - t);
      }
    }),
  );
  return { durations, wallMs: performance.now() - started };
};
