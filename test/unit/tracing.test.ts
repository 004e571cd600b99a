import { afterEach, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTracer, traceAwsClient } from '../../functions/runtime/tracing.js';

const LAMBDA_ENV = { AWS_LAMBDA_FUNCTION_NAME: 'pay-on-prescription-api', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' } as const;
const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(LAMBDA_ENV)) delete process.env[key];
  Object.assign(process.env, saved);
});

const added = async (client: DynamoDBClient, act: () => Promise<unknown>) => {
  const before = client.middlewareStack.identify();
  await act();
  return client.middlewareStack.identify().filter((m) => !before.includes(m));
};

describe('Function: traceAwsClient', () => {
  it('makes each AWS SDK call an X-Ray subsegment inside Lambda', async () => {
    // Prepare
    Object.assign(process.env, LAMBDA_ENV);
    const client = new DynamoDBClient({ region: 'eu-west-2' });
    // Act
    const middleware = await added(client, async () => traceAwsClient(await createTracer(), client));
    // Assess
    expect(middleware.some((m) => m.startsWith('XRaySDKInstrumentation'))).toBe(true);
  });

  it('leaves the client untouched outside Lambda (tests, npm start), without loading the Tracer', async () => {
    for (const key of Object.keys(LAMBDA_ENV)) delete process.env[key];
    const client = new DynamoDBClient({ region: 'eu-west-2' });
    expect(await added(client, async () => traceAwsClient(await createTracer(), client))).toEqual([]);
    expect(await createTracer()).toBeUndefined();
  });
});
