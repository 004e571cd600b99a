// The API (and the webhook beside it) wired to a fresh local table, with a local token issuer and request helpers for tests.
import { Logger } from '@aws-lambda-powertools/logger';
import { createLocalIssuer, generateSigningJwk, type LocalTokenIssuer } from '../../functions/runtime/auth/local-issuer.js';
import { createTokenVerifier } from '../../functions/runtime/auth/verifier.js';
import type { Deps } from '../../functions/runtime/deps.js';
import { createIdempotencyStore } from '../../functions/runtime/idempotency-store.js';
import { createMetrics } from '../../functions/runtime/metrics.js';
import { composeLocalApp, type LocalApp } from '../../local/compose-app.js';
import { createIdFactory } from '../../shared/domain/ids.js';
import type { Role } from '../../shared/domain/roles.js';
import { checkInvariants } from './invariants.js';
import { createLocalTable, type LocalTable } from './local-table.js';

let sharedIssuer: Promise<LocalTokenIssuer> | undefined;
const issuer = () => (sharedIssuer ??= generateSigningJwk().then(createLocalIssuer));

export interface Caller {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly organisationId?: string | undefined;
}

export interface Harness {
  /** The API with the webhook beside it, as `npm start` serves them. */
  readonly app: LocalApp;
  readonly deps: Deps;
  readonly table: LocalTable;
  /** Every EMF document the app published, newest last. */
  readonly metricLines: string[];
  token(caller: Caller): Promise<string>;
  /** A JSON request as `caller` (or anonymous); returns status, parsed body and headers. */
  call(
    method: string,
    path: string,
    options?: { as?: Caller; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

export const createHarness = async (
  overrides: Partial<Deps> | ((base: Deps) => Partial<Deps>) = {},
): Promise<Harness> => {
  const table = await createLocalTable();
  const localIssuer = await issuer();
  const metricLines: string[] = [];
  const base: Deps = {
    store: table.store,
    logger: new Logger({ serviceName: 'pay-on-prescription-test', logLevel: (process.env.TEST_LOG_LEVEL as 'ERROR' | undefined) ?? 'ERROR' }),
    verifier: createTokenVerifier({ keys: localIssuer.keys, issuer: localIssuer.issuer }),
    localIssuer,
    idempotencyStore: createIdempotencyStore(table.store),
    clock: () => new Date(),
    ids: createIdFactory(),
    versions: { api: 'test' },
    stripe: undefined,
    payouts: undefined,
    publicUrl: 'http://localhost:3000',
    metrics: createMetrics({ capture: (line) => metricLines.push(line) }),
  };
  const deps: Deps = { ...base, ...(typeof overrides === 'function' ? overrides(base) : overrides) };
  const app = composeLocalApp(deps);
  const token = (caller: Caller) => localIssuer.issue(caller);
  return {
    app,
    deps,
    table,
    metricLines,
    token,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.as) headers.authorization = `Bearer ${await token(options.as)}`;
      let body: string | undefined;
      if (options.body !== undefined) {
        body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // Not JSON (CSV, HTML): hand back the text.
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
    async close() {
      // Every integration test file ends by checking the money invariants over what it wrote.
      try {
        await checkInvariants(table.store);
      } finally {
        await table.drop();
      }
    },
  };
};
