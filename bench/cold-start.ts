// Cold start: the built API bundle imported in a fresh Node process and one API Gateway v2 event, against a bare Hono Lambda.
//
// Both bundles are built by infra/bundles.ts with the stack's own options, both leave the AWS SDK
// to the runtime (here: node_modules), and both answer GET /v1/funds/<id> with one GetItem against
// DynamoDB Local (a fund that does not exist, so both answer 404 after exactly one read). The API
// also verifies an RS256 token against a JWKS on loopback, as it does behind API Gateway.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { BUNDLE_FILE, BUNDLE_ROOT, BUNDLES, apiBundledFiles, buildBundle, copyBundledFiles } from '../infra/bundles.js';
import { startDynamoDbLocal } from '../local/dynamodb.js';
import { createStore } from '../shared/store/client.js';
import { ensureTable } from '../shared/store/table.js';
import type { BenchRow } from './row.js';
import { percentile } from './stats.js';

const run = promisify(execFile);
const GOAL = 1.5;
const ISSUER = 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_ColdStart';
const AUDIENCE = 'coldstartbenchclient';
/** Where the bundles are written: inside the repository, so their external AWS SDK resolves from node_modules. */
const WORK_DIR = join(BUNDLE_ROOT, 'node_modules/.cache/pay-on-prescription-bench/cold-start');

/** Imports a bundle, hands it one event, prints the times (ms since the script began). */
const DRIVER = `
const t0 = performance.now();
const [bundle, eventFile] = process.argv.slice(1);
const { handler } = await import(bundle);
const t1 = performance.now();
const event = JSON.parse((await import('node:fs')).readFileSync(eventFile, 'utf8'));
const context = { functionName: 'cold-start', awsRequestId: 'cold-start', getRemainingTimeInMillis: () => 25000 };
const res = await handler(event, context);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ importMs: t1 - t0, firstEventMs: t2 - t1, totalMs: t2 - t0, status: res.statusCode }));
process.exit(0);
`;

interface Sample {
  readonly importMs: number;
  readonly firstEventMs: number;
  readonly totalMs: number;
  readonly status: number;
}

const apiGatewayEvent = (path: string, token: string) => {
  const event = JSON.parse(readFileSync(join(BUNDLE_ROOT, 'test/fixtures/events/apigw-v2-http-api.json'), 'utf8'));
  event.routeKey = 'GET /v1/{proxy+}';
  event.rawPath = path;
  event.headers.authorization = `Bearer ${token}`;
  event.requestContext.routeKey = event.routeKey;
  event.requestContext.http.path = path;
  event.requestContext.timeEpoch = Date.now();
  return event;
};

const jwksServer = async () => {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'cold-start', alg: 'RS256', use: 'sig' };
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const token = await new SignJWT({ 'cognito:groups': ['fund_manager'], 'custom:org_id': 'org_coldstart', token_use: 'id' })
    .setProtectedHeader({ alg: 'RS256', kid: 'cold-start' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject('cold-start')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`, token, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

const sampleOnce = async (bundle: string, eventFile: string, env: NodeJS.ProcessEnv): Promise<Sample> => {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', DRIVER, bundle, eventFile], { env, cwd: WORK_DIR });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Sample;
};

/** A package bundled alone and imported in a fresh process: how much of a cold start its evaluation costs. */
const packageCost = async (name: string, source: string, env: NodeJS.ProcessEnv, runs: number): Promise<{ name: string; p50: number }> => {
  const dir = join(WORK_DIR, `probe-${name.replace(/[^a-z0-9]+/gi, '-')}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'entry.mjs'), `${source}\nexport const handler = async () => ({ statusCode: 200 });\n`);
  buildBundle(join(dir, 'entry.mjs'), dir);
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) samples.push((await sampleOnce(join(dir, BUNDLE_FILE), join(WORK_DIR, 'event.json'), env)).importMs);
  return { name, p50: percentile(samples, 50) };
};

/** The suspects, each imported as the API imports it; the first is Node and an empty bundle, the floor under every probe. */
const PROBES: readonly (readonly [string, string])[] = [
  ['(empty bundle)', 'globalThis.keep = 1;'],
  ['@aws-sdk/client-dynamodb + lib-dynamodb (runtime-provided)', "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'; globalThis.keep = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-2' }));"],
  ['@hono/zod-openapi (classic zod in full)', "import { z, OpenAPIHono } from '@hono/zod-openapi'; globalThis.keep = [z, OpenAPIHono];"],
  ['stripe', "import Stripe from 'stripe'; globalThis.keep = new Stripe('sk_test_x');"],
  ['@aws-lambda-powertools/tracer (X-Ray SDK)', "import { Tracer } from '@aws-lambda-powertools/tracer'; globalThis.keep = new Tracer();"],
  ['@aws-lambda-powertools logger + metrics', "import { Logger } from '@aws-lambda-powertools/logger'; import { Metrics } from '@aws-lambda-powertools/metrics'; globalThis.keep = [new Logger(), new Metrics({ namespace: 'x' })];"],
  ['@aws-lambda-powertools/idempotency (with the SDK it imports)', "import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb'; globalThis.keep = DynamoDBPersistenceLayer;"],
  ['jose', "import * as jose from 'jose'; globalThis.keep = jose.jwtVerify;"],
];

export const measureColdStart = async (options: { dynamoEndpoint?: string; runs?: number } = {}): Promise<BenchRow[]> => {
  const runs = options.runs ?? 15;
  const dynamo = options.dynamoEndpoint ? undefined : await startDynamoDbLocal();
  const endpoint = options.dynamoEndpoint ?? dynamo!.endpoint;
  const jwks = await jwksServer();
  try {
    const tableName = `cold-start-${Date.now()}`;
    await ensureTable(createStore({ tableName, endpoint }).raw, tableName);
    mkdirSync(WORK_DIR, { recursive: true });
    const apiDir = join(WORK_DIR, 'api');
    const bareDir = join(WORK_DIR, 'bare');
    const api = buildBundle(BUNDLES.api.entry, apiDir);
    copyBundledFiles(apiDir, apiBundledFiles());
    const bare = buildBundle('bench/bare-lambda.ts', bareDir);
    const eventFile = join(WORK_DIR, 'event.json');
    writeFileSync(eventFile, JSON.stringify(apiGatewayEvent('/v1/funds/fund_01JCQ000000000000000000000', jwks.token)));
    // What the stack gives the function, less Stripe (read on first use, not at cold start anyway).
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      AWS_LAMBDA_FUNCTION_NAME: 'cold-start',
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      STAGE: 'dev',
      AUTH_MODE: 'cognito',
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: endpoint,
      JWKS_URL: jwks.url,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      LOG_LEVEL: 'ERROR',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
    };
    const projectSamples: Sample[] = [];
    const floorSamples: Sample[] = [];
    // Interleaved, so both see the same load on a shared machine; the first of each warms the disk cache.
    for (let i = 0; i <= runs; i += 1) {
      const p = await sampleOnce(join(apiDir, BUNDLE_FILE), eventFile, env);
      const f = await sampleOnce(join(bareDir, BUNDLE_FILE), eventFile, env);
      if (p.status !== 404 || f.status !== 404) throw new Error(`cold start: expected 404 from both, got API ${p.status}, bare ${f.status}`);
      if (i > 0) projectSamples.push(p), floorSamples.push(f);
    }
    const p50 = (samples: Sample[], key: keyof Omit<Sample, 'status'>) => percentile(samples.map((s) => s[key]), 50);
    const project = p50(projectSamples, 'totalMs');
    const floor = p50(floorSamples, 'totalMs');
    const ratio = project / floor;
    let note = `${runs} processes each; API bundle ${Math.round(api.bytes / 1000)} KB, bare ${Math.round(bare.bytes / 1000)} KB; API import ${p50(projectSamples, 'importMs').toFixed(0)} ms + first event ${p50(projectSamples, 'firstEventMs').toFixed(0)} ms, bare ${p50(floorSamples, 'importMs').toFixed(0)} + ${p50(floorSamples, 'firstEventMs').toFixed(0)} ms`;
    if (ratio > GOAL) {
      const costs: { name: string; p50: number }[] = [];
      for (const [name, source] of PROBES) costs.push(await packageCost(name, source, env, Math.max(5, Math.floor(runs / 3))));
      const [empty, ...rest] = costs;
      note += `; import time of each package bundled alone, p50 over an empty bundle's ${empty!.p50.toFixed(0)} ms: ${rest.map((c) => `${c.name} +${(c.p50 - empty!.p50).toFixed(0)} ms`).join(', ')}`;
    }
    return [{ measure: 'cold start (import + one API Gateway v2 event) ÷ a bare Hono Lambda with one GetItem', unit: 'ms', project, floor, ratio, goal: GOAL, met: ratio <= GOAL, note }];
  } finally {
    await jwks.close();
    await dynamo?.stop();
  }
};

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await measureColdStart({ runs: Number(process.env.COLD_START_RUNS ?? 15) }), null, 2));
