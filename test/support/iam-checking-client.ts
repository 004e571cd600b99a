// A DynamoDB client middleware that refuses what the synthesized template does not grant the function, as IAM would.
//
// The policy comes from the template the stack synthesizes (cached under the temp dir, keyed by the
// infra sources), never from infra/iam-actions.ts, so the test, the stack and the code cannot drift:
// a grant missing from the stack fails the integration test that needs it, with IAM's own words.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { FUNCTION_TAG, type FunctionName } from '../../infra/iam-actions.js';
import type { createStore as CreateStore, Store } from '../../shared/store/client.js';
import { describeRequest, type RequestedAccess } from './iam-requests.js';
// Types only: importing lambda-env here would cycle through the mocked store module and hang.
import type { HttpApiHandler } from './lambda-env.js';

export type { RequestedAccess } from './iam-requests.js';

type Json = any;

/** One Allow statement on the table, with its resources resolved to `table` or `table/index/<name>`. */
export interface TableGrant {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** `dynamodb:LeadingKeys` under ForAllValues:StringLike or StringEquals, when the statement has one. */
  readonly leadingKeys?: { readonly operator: 'StringLike' | 'StringEquals'; readonly values: readonly string[] };
}

export interface FunctionPolicy {
  readonly function: FunctionName;
  readonly grants: readonly TableGrant[];
}

export interface TablePolicies {
  /** The table's partition key and each index's, to find a request's leading keys. */
  readonly partitionKey: string;
  readonly indexPartitionKeys: Readonly<Record<string, string>>;
  readonly byFunction: Readonly<Record<FunctionName, FunctionPolicy>>;
}

const REPO_ROOT = new URL('../../', import.meta.url).pathname;

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

/** The stack's template, synthesized once per version of infra/** (bundling skipped: it cannot change a policy). */
export const synthesizedTemplate = async (): Promise<Json> => {
  const hash = createHash('sha256');
  for (const file of filesUnder(join(REPO_ROOT, 'infra')).sort()) hash.update(file).update(readFileSync(file));
  const dir = join(tmpdir(), 'pay-on-prescription-iam');
  const cached = join(dir, `template-${hash.digest('hex').slice(0, 16)}.json`);
  try {
    return JSON.parse(readFileSync(cached, 'utf8'));
  } catch {
    // Not synthesized yet for these sources.
  }
  const { buildApp } = await import('../../infra/build-app.js');
  const { app, stack } = buildApp({ context: { 'aws:cdk:bundling-stacks': [], env: 'dev' } });
  const template = app.synth().getStackByName(stack.stackName).template;
  mkdirSync(dir, { recursive: true });
  // Written aside and renamed, so a parallel test file never reads half a template.
  const partial = `${cached}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(template));
  renameSync(partial, cached);
  return template;
};

const resolve = (value: Json, tableId: string): string => {
  if (typeof value === 'string') return value;
  if (value?.['Fn::GetAtt']) {
    const [id, attribute] = value['Fn::GetAtt'];
    return id === tableId && attribute === 'Arn' ? 'table' : `${id}.${attribute}`;
  }
  if (value?.['Fn::Join']) return value['Fn::Join'][1].map((part: Json) => resolve(part, tableId)).join(value['Fn::Join'][0]);
  if (value?.Ref) return `ref:${value.Ref}`;
  throw new Error(`The IAM-checking client cannot read the resource ${JSON.stringify(value)}`);
};

const grantOf = (statement: Json, tableId: string): TableGrant => {
  const grant = {
    actions: [statement.Action].flat() as string[],
    resources: [statement.Resource].flat().map((r: Json) => resolve(r, tableId)),
  };
  if (statement.Condition === undefined) return grant;
  const operators = Object.entries(statement.Condition as Record<string, Record<string, unknown>>);
  const [operator, keys] = operators[0] ?? [];
  const entries = Object.entries(keys ?? {});
  const known = operator === 'ForAllValues:StringLike' || operator === 'ForAllValues:StringEquals';
  if (operators.length !== 1 || entries.length !== 1 || !known || entries[0]![0] !== 'dynamodb:LeadingKeys') {
    throw new Error(`The IAM-checking client cannot evaluate the condition ${JSON.stringify(statement.Condition)}`);
  }
  const values = [entries[0]![1]].flat() as string[];
  return { ...grant, leadingKeys: { operator: operator!.slice('ForAllValues:'.length) as 'StringLike', values } };
};

/** Each tagged function's DynamoDB grants, read from its role's policies in the template. */
export const tablePolicies = (template: Json): TablePolicies => {
  const resources = Object.entries(template.Resources as Record<string, Json>);
  const tables = resources.filter(([, r]) => r.Type === 'AWS::DynamoDB::Table');
  if (tables.length !== 1) throw new Error(`Expected one table in the template, found ${tables.length}`);
  const [tableId, table] = tables[0]!;
  const hashOf = (schema: Json[]) => schema.find((k) => k.KeyType === 'HASH').AttributeName as string;
  const byFunction: Partial<Record<FunctionName, FunctionPolicy>> = {};
  for (const [, fn] of resources.filter(([, r]) => r.Type === 'AWS::Lambda::Function')) {
    const name = (fn.Properties.Tags ?? []).find((t: Json) => t.Key === FUNCTION_TAG)?.Value as FunctionName | undefined;
    if (name === undefined) continue;
    const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
    const role = template.Resources[roleId];
    if (role.Properties.ManagedPolicyArns?.length || role.Properties.Policies?.length) {
      throw new Error(`The IAM-checking client reads AWS::IAM::Policy resources only; ${roleId} has managed or inline policies`);
    }
    const statements = resources
      .filter(([, r]) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: Json) => ref.Ref === roleId))
      .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Json[])
      .filter((s) => [s.Action].flat().some((a: string) => a.startsWith('dynamodb:') || a === '*'));
    if (statements.some((s) => s.Effect !== 'Allow')) throw new Error(`The IAM-checking client evaluates Allow statements only (${name})`);
    byFunction[name] = { function: name, grants: statements.map((s) => grantOf(s, tableId)) };
  }
  return {
    partitionKey: hashOf(table.Properties.KeySchema),
    indexPartitionKeys: Object.fromEntries((table.Properties.GlobalSecondaryIndexes ?? []).map((i: Json) => [i.IndexName, hashOf(i.KeySchema)])),
    byFunction: byFunction as Record<FunctionName, FunctionPolicy>,
  };
};

/** IAM's wildcard match: `*` any run of characters, `?` one, everything else literal. */
const globMatch = (pattern: string, value: string): boolean =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`).test(value);

/**
 * Whether `grant` allows `access`. ForAllValues holds when every leading key matches a value, and
 * (as in IAM) when the request has none at all, as a Scan has not.
 */
const allows = (grant: TableGrant, access: RequestedAccess): boolean => {
  if (!grant.actions.some((a) => globMatch(a, access.action))) return false;
  if (!grant.resources.some((r) => globMatch(r, access.resource))) return false;
  if (grant.leadingKeys === undefined) return true;
  const match = grant.leadingKeys.operator === 'StringLike' ? globMatch : (a: string, b: string) => a === b;
  return access.leadingKeys.every((key) => grant.leadingKeys!.values.some((value) => match(value, key)));
};

/** The refusal IAM would give, in its own words, so a failing test says what is missing. */
export class AccessDeniedException extends Error {
  override readonly name = 'AccessDeniedException';
  readonly $fault = 'client';
  constructor(
    readonly fn: FunctionName,
    readonly access: RequestedAccess,
  ) {
    const keys = access.leadingKeys.length > 0 ? ` (partition keys ${access.leadingKeys.join(', ')})` : '';
    super(`User: the ${fn} function's role is not authorized to perform: ${access.action} on resource: ${access.resource}${keys} because no identity-based policy in the synthesized template allows it`);
  }
}

export interface IamCheck {
  readonly fn: FunctionName;
  /** Every access the code made and the template allowed. */
  readonly allowed: RequestedAccess[];
  /** Every access refused; a passing run has none. */
  readonly refused: AccessDeniedException[];
}

/** Judges one command's input for `fn`: the accesses it needs, allowed or refused. */
export const judge = (policies: TablePolicies, fn: FunctionName, commandName: string, input: Json): { allowed: RequestedAccess[]; refused: AccessDeniedException[] } => {
  const grants = policies.byFunction[fn]?.grants ?? [];
  const accesses = describeRequest(policies, commandName, input);
  return {
    allowed: accesses.filter((a) => grants.some((g) => allows(g, a))),
    refused: accesses.filter((a) => !grants.some((g) => allows(g, a))).map((a) => new AccessDeniedException(fn, a)),
  };
};

/**
 * Adds the check to `client` (and so to every DocumentClient built on it, which shares its
 * middleware stack). It runs after the DocumentClient has marshalled the input, before anything is sent.
 */
export const checkIam = (client: DynamoDBClient, policies: TablePolicies, fn: FunctionName): IamCheck => {
  const check: IamCheck = { fn, allowed: [], refused: [] };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const verdict = judge(policies, fn, context.commandName ?? 'Unknown', args.input);
      check.allowed.push(...verdict.allowed);
      if (verdict.refused.length > 0) {
        check.refused.push(...verdict.refused);
        throw verdict.refused[0];
      }
      return next(args);
    },
    { step: 'build', name: 'iamCheckingClient', priority: 'high' },
  );
  return check;
};

let armed: { fn: FunctionName; policies: TablePolicies; checks: IamCheck[] } | undefined;

/**
 * For `vi.mock('…/shared/store/client.js', …)`: the real module, whose createStore adds the check to
 * every store built while a function is cold-starting under `coldStart` (and leaves others alone).
 */
export const withIamCheckedStores = <M extends { createStore: typeof CreateStore }>(original: M): M => ({
  ...original,
  createStore: (options: Parameters<typeof CreateStore>[0]): Store => {
    const store = original.createStore(options);
    if (armed) armed.checks.push(checkIam(store.raw, armed.policies, armed.fn));
    return store;
  },
});

export interface IamChecking {
  readonly policies: TablePolicies;
  /** Imports a Lambda entry (its cold start builds its clients) with the check on each of its stores. */
  coldStart<T>(fn: FunctionName, load: () => Promise<T>): Promise<T>;
  readonly checks: IamCheck[];
  /** Every refusal, in IAM's words: a run where the code needs nothing the template lacks has none. */
  refusals(): string[];
  /** The actions each function's code was allowed, by name. */
  used(fn: FunctionName): string[];
}

export const startIamChecking = async (): Promise<IamChecking> => {
  const policies = tablePolicies(await synthesizedTemplate());
  const checks: IamCheck[] = [];
  return {
    policies,
    checks,
    async coldStart(fn, load) {
      const before = checks.length;
      armed = { fn, policies, checks };
      try {
        const loaded = await load();
        if (checks.length === before) {
          throw new Error(`The ${fn} entry built no store through createStore, so nothing checks it: is shared/store/client.js mocked with withIamCheckedStores?`);
        }
        return loaded;
      } finally {
        armed = undefined;
      }
    },
    refusals: () => checks.flatMap((c) => c.refused.map((r) => r.message)),
    used: (fn) => [...new Set(checks.filter((c) => c.fn === fn).flatMap((c) => c.allowed.map((a) => a.action)))].sort(),
  };
};

/** Cold-starts the four Lambda entries, in order, each with the check on its stores (after startLambdaEnv). */
export const coldStartEntries = async (iam: IamChecking) => ({
  api: (await iam.coldStart('api', () => import('../../functions/api/index.js'))).handler as unknown as HttpApiHandler,
  webhook: (await iam.coldStart('webhook', () => import('../../functions/stripe-webhook/index.js'))).handler as unknown as HttpApiHandler,
  // Typed as Lambda calls it (event and context), whatever the entry itself reads.
  worker: (await iam.coldStart('worker', () => import('../../functions/payout-worker/index.js'))).handler as (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>,
  expiry: (await iam.coldStart('expiry', () => import('../../functions/expiry-job/index.js'))).handler,
});
