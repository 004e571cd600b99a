// Checks what the Stripe sandbox answers against schemas derived from the installed `stripe` package's types.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import type { EventObject } from '../../local/stripe-sandbox/index.js';

interface SchemaFile {
  stripeVersion: string;
  typesHash: string;
  roots: Record<string, object>;
  definitions: Record<string, object>;
}

export const schemaFile = (): SchemaFile =>
  JSON.parse(readFileSync(new URL('../fixtures/stripe-schemas.json', import.meta.url), 'utf8')) as SchemaFile;

/** Local refs (`#/definitions/…`) pointed at the one shared document, so each definition compiles once. */
const shared = (schema: unknown): unknown =>
  Array.isArray(schema)
    ? schema.map(shared)
    : typeof schema === 'object' && schema !== null
      ? Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? `stripe${v}` : shared(v)]))
      : schema;

let state: { ajv: Ajv; roots: Record<string, object>; compiled: Map<string, ValidateFunction> } | undefined;
const validatorFor = (root: string): ValidateFunction | undefined => {
  if (!state) {
    const file = schemaFile();
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema({ $id: 'stripe', definitions: shared(file.definitions) as object });
    state = { ajv, roots: file.roots, compiled: new Map() };
  }
  const schema = state.roots[root];
  if (!schema) return undefined;
  let validate = state.compiled.get(root);
  if (!validate) {
    validate = state.ajv.compile(shared(schema) as object);
    state.compiled.set(root, validate);
  }
  return validate;
};

/** Which SDK type a sandbox answer should be, from its method, path and status. */
export const rootFor = (method: string, path: string, status: number): string | undefined => {
  if (status >= 400) return 'ErrorBody';
  const routes: [string, RegExp, string][] = [
    ['POST', /^\/v1\/accounts$/, 'Account'],
    ['GET', /^\/v1\/accounts$/, 'AccountList'],
    ['GET', /^\/v1\/accounts\/[^/]+$/, 'Account'],
    ['POST', /^\/v1\/account_links$/, 'AccountLink'],
    ['POST', /^\/v1\/transfers$/, 'Transfer'],
    ['GET', /^\/v1\/transfers$/, 'TransferList'],
    ['GET', /^\/v1\/transfers\/[^/]+$/, 'Transfer'],
    ['POST', /^\/v1\/transfers\/[^/]+\/reversals$/, 'TransferReversal'],
    ['GET', /^\/v1\/transfers\/[^/]+\/reversals$/, 'TransferReversalList'],
    ['GET', /^\/v1\/balance$/, 'Balance'],
    ['GET', /^\/v1\/balance_transactions$/, 'BalanceTransactionList'],
    ['GET', /^\/v1\/balance_transactions\/[^/]+$/, 'BalanceTransaction'],
    ['GET', /^\/v1\/payouts$/, 'PayoutList'],
    ['GET', /^\/v1\/payouts\/[^/]+$/, 'Payout'],
  ];
  return routes.find(([m, pattern]) => m === method && pattern.test(path))?.[2];
};

export type Observed = { kind: 'response'; method: string; path: string; status: number; body: unknown } | { kind: 'event'; body: EventObject };

const rootOf = (observed: Observed): string | undefined =>
  observed.kind === 'event' ? `event:${observed.body.type}` : rootFor(observed.method, observed.path, observed.status);

/** Problems with one observed answer or event; empty when it has the SDK's shape. */
export const shapeProblems = (observed: Observed): string[] => {
  const root = rootOf(observed);
  const what = observed.kind === 'event' ? `event ${observed.body.type}` : `${observed.method} ${observed.path} → ${observed.status}`;
  if (!root) return [`${what}: no schema names this answer`];
  const validate = validatorFor(root);
  if (!validate) return [`${what}: no schema ${root}`];
  if (validate(observed.body)) return [];
  return (validate.errors ?? []).slice(0, 5).map((e) => `${what}: ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
};

/** A recorder to pass as the sandbox's `observe`: it keeps every problem for the test to assert on. */
export const shapeRecorder = () => {
  const problems: string[] = [];
  const seen = new Set<string>();
  let checked = 0;
  return {
    // Never throws: the sandbox must answer as it would have, and the test reads the problems.
    observe: (observed: Observed) => {
      checked += 1;
      seen.add(rootOf(observed) ?? 'unknown');
      try {
        problems.push(...shapeProblems(observed));
      } catch (error) {
        problems.push(`could not check: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    problems: () => [...problems],
    checked: () => checked,
    /** The schema roots the observed answers were checked against. */
    seen: () => [...seen].sort(),
  };
};
