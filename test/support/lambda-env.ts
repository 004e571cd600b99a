// Plays AWS around the Lambda entries: Cognito (RS256 ID tokens and a JWKS on loopback), the process
// environment a function is deployed with, and the events API Gateway v2, SQS and EventBridge send.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
  EventBridgeEvent,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import { decodeJwt, importJWK, SignJWT } from 'jose';
import { inject } from 'vitest';
import { startStripeSandbox, type StripeSandbox } from '../../local/stripe-sandbox/index.js';
import { createLocalIssuer, generateSigningJwk } from '../../functions/runtime/auth/local-issuer.js';
import type { Role } from '../../shared/domain/roles.js';
import { checkInvariants } from './invariants.js';
import { createLocalTable, type LocalTable } from './local-table.js';
import { londonDate } from '../../shared/domain/periods.js';

export const REGION = 'eu-west-2';
export const ACCOUNT = '123456789012';
/** A Cognito user pool's issuer and app client, as the deployed API is configured with them. */
export const COGNITO_ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${REGION}_LambdaTst`;
export const APP_CLIENT_ID = '4lambdatestappclient0000000';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/events/${name}`, import.meta.url), 'utf8')) as T;

export interface Caller {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly organisationId?: string | undefined;
}

export type HttpApiHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
/** hono/aws-lambda's handler, typed as the Lambda runtime calls it. */
export const asHttpApiHandler = (handler: unknown): HttpApiHandler => handler as HttpApiHandler;

export interface LambdaEnv {
  readonly table: LocalTable;
  readonly sandbox: StripeSandbox;
  /** How many times the functions fetched the user pool's JWKS. */
  jwksRequests(): number;
  /** A Cognito-shaped ID token; `groups` replaces the `cognito:groups` claim as given. */
  token(caller: Caller, options?: { groups?: unknown; audience?: string }): Promise<string>;
  /** A well-formed token from a key the user pool never published. */
  foreignToken(caller: Caller): Promise<string>;
  close(): Promise<void>;
}

const signer = async () => {
  const jwk = await generateSigningJwk();
  const key = await importJWK(jwk, 'RS256');
  return {
    jwks: (await createLocalIssuer(jwk)).jwks,
    sign: (caller: Caller, options: { groups?: unknown; audience?: string } = {}) =>
      new SignJWT({
        'cognito:groups': options.groups ?? [...caller.roles],
        ...(caller.organisationId ? { 'custom:org_id': caller.organisationId } : {}),
        'cognito:username': caller.sub,
        email_verified: true,
        token_use: 'id',
        auth_time: Math.floor(Date.now() / 1000),
        jti: randomUUID(),
      })
        .setProtectedHeader({ alg: 'RS256', kid: jwk.kid!, typ: 'JWT' })
        .setSubject(caller.sub)
        .setIssuer(COGNITO_ISSUER)
        .setAudience(options.audience ?? APP_CLIENT_ID)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key),
  };
};

/**
 * A fresh table in the run's DynamoDB Local, a Stripe sandbox that sends no webhooks (tests deliver
 * them through the webhook function), a user pool JWKS, and process.env as the functions are
 * deployed with it. Import the entries after this: they read the environment at cold start.
 */
export const startLambdaEnv = async (): Promise<LambdaEnv> => {
  const table = await createLocalTable('lambda');
  const sandbox = await startStripeSandbox({ port: 0, rateLimitPerSecond: 0, log: () => undefined });
  const pool = await signer();
  const foreign = await signer();
  let jwksRequests = 0;
  const jwksServer = createServer((_req, res) => {
    jwksRequests += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(pool.jwks));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const saved = { ...process.env };
  Object.assign(process.env, {
    AWS_LAMBDA_FUNCTION_NAME: 'pay-on-prescription-test',
    AWS_REGION: REGION,
    STAGE: 'dev',
    TABLE_NAME: table.store.tableName,
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    AUTH_MODE: 'cognito',
    JWKS_URL: `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/${REGION}_LambdaTst/.well-known/jwks.json`,
    JWT_ISSUER: COGNITO_ISSUER,
    JWT_AUDIENCE: APP_CLIENT_ID,
    STRIPE_SANDBOX_URL: sandbox.url,
    STRIPE_WEBHOOK_SECRET: sandbox.webhookSecret,
    STRIPE_PLATFORM_WEBHOOK_SECRET: sandbox.platformWebhookSecret,
    LOG_LEVEL: 'ERROR',
  });
  // Approval pays in-process here; the worker's SQS path is exercised by invoking its handler.
  delete process.env.PAYOUT_QUEUE_URL;
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_SECRET_ARN;
  return {
    table,
    sandbox,
    jwksRequests: () => jwksRequests,
    token: (caller, options) => pool.sign(caller, options),
    foreignToken: (caller) => foreign.sign(caller),
    async close() {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
      await new Promise<void>((resolve) => jwksServer.close(() => resolve()));
      await sandbox.close();
      try {
        await checkInvariants(table.store);
      } finally {
        await table.drop();
      }
    },
  };
};

/**
 * Claims as API Gateway's JWT authorizer hands them on: every value a string, arrays as "[a b]".
 * Nothing for a token that does not decode (the authorizer would have refused it; the app checks again).
 */
export const claimsAsApiGatewayRenders = (token: string): Record<string, string> => {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(token);
  } catch {
    return {};
  }
  return Object.fromEntries(Object.entries(claims).map(([name, value]) => [name, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]));
};

const accessLogTime = (at: Date): string => {
  const month = at.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(at.getUTCDate())}/${month}/${at.getUTCFullYear()}:${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} +0000`;
};

export interface HttpRequest {
  method: string;
  path: string;
  query?: string;
  /** A JSON-serialisable body, or the exact text to send. */
  body?: unknown;
  base64?: boolean;
  headers?: Record<string, string>;
  bearer?: string;
  /** The JWT authorizer's claims; by default those of `bearer`, none without one (public routes). */
  claims?: Record<string, string>;
  routeKey?: string;
}

/** An HTTP API (payload format 2.0) event, from the sample AWS documents. */
export const httpApiEvent = (request: HttpRequest): APIGatewayProxyEventV2WithJWTAuthorizer => {
  const event = fixture<APIGatewayProxyEventV2WithJWTAuthorizer>('apigw-v2-http-api.json');
  const now = new Date();
  const text = request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  event.routeKey = request.routeKey ?? `${request.method} ${request.path}`;
  event.rawPath = request.path;
  event.rawQueryString = request.query ?? '';
  Object.assign(event.headers, request.headers);
  if (text !== undefined) {
    event.headers['content-type'] ??= 'application/json';
    event.headers['content-length'] = String(Buffer.byteLength(text));
    event.body = request.base64 ? Buffer.from(text).toString('base64') : text;
  }
  event.isBase64Encoded = Boolean(request.base64 && text !== undefined);
  if (request.bearer) event.headers.authorization = `Bearer ${request.bearer}`;
  const claims = request.claims ?? (request.bearer ? claimsAsApiGatewayRenders(request.bearer) : undefined);
  if (claims) event.requestContext.authorizer.jwt.claims = claims;
  else delete (event.requestContext as Partial<typeof event.requestContext>).authorizer;
  event.requestContext.routeKey = event.routeKey;
  event.requestContext.http.method = request.method;
  event.requestContext.http.path = request.path;
  event.requestContext.requestId = randomBytes(10).toString('base64');
  event.requestContext.time = accessLogTime(now);
  event.requestContext.timeEpoch = now.getTime();
  return event;
};

/** An SQS event with one record per body, from the sample AWS documents. */
export const sqsEvent = (...bodies: string[]): SQSEvent => {
  const [sample] = fixture<SQSEvent>('sqs-receive-message.json').Records as [SQSRecord];
  const sent = Date.now();
  return {
    Records: bodies.map((body) => ({
      ...sample,
      messageId: randomUUID(),
      receiptHandle: randomBytes(96).toString('base64'),
      body,
      md5OfBody: createHash('md5').update(body).digest('hex'),
      attributes: { ...sample.attributes, SentTimestamp: String(sent), ApproximateFirstReceiveTimestamp: String(sent + 2) },
    })),
  };
};

export type ScheduledEvent = EventBridgeEvent<'Scheduled Event', Record<string, never>>;

/** An EventBridge Scheduler/rule "Scheduled Event" fired at `time`, from the sample AWS documents. */
export const scheduledEvent = (time: Date): ScheduledEvent => ({
  ...fixture<ScheduledEvent>('eventbridge-scheduled.json'),
  id: randomUUID(),
  time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
});

/** The context object the Lambda runtime passes beside the event. */
export const lambdaContext = (functionName: string, timeoutMs = 30_000): Context => {
  const deadline = Date.now() + timeoutMs;
  const unsupported = () => {
    throw new Error('callback-style completion is not used');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${londonDate(new Date()).replaceAll('-', '/')}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
};

export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  body: any;
  requestId: string;
}

/** Invokes an HTTP API function as API Gateway does and reads its (payload 2.0) result. */
export const invokeHttp = async (handler: HttpApiHandler, functionName: string, request: HttpRequest): Promise<HttpResult> => {
  const event = httpApiEvent(request);
  const result = await handler(event, lambdaContext(functionName));
  const text = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString('utf8') : (result.body ?? '');
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: hand back the text.
  }
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  return { status: result.statusCode ?? 200, headers, body, requestId: event.requestContext.requestId };
};
