// The IAM-checking DynamoDB client against the synthesized template: what each function may and may not do.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIam, judge, synthesizedTemplate, tablePolicies, type TablePolicies } from '../support/iam-checking-client.js';

let policies: TablePolicies;
let server: Server;
let endpoint: string;
let received = 0;

beforeAll(async () => {
  policies = tablePolicies(await synthesizedTemplate());
  // Stands in for DynamoDB: answers every request with an empty success, and counts what reached it.
  server = createServer((_req, res) => {
    received += 1;
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const runKey = { pk: 'RUN#run_1', sk: 'LINE#line_1' };
const moveKey = { pk: 'MOVE#run_1#line_1#paid#0', sk: '#MOVE' };
const idempotencyKey = { pk: { S: 'IDEMPOTENCY' }, sk: { S: 'abc' } };
const transaction = (...items: object[]) => ({ TransactItems: items });
const refusedActions = (fn: 'api' | 'webhook' | 'worker' | 'expiry', command: string, input: object) =>
  judge(policies, fn, command, input).refused.map((r) => `${r.access.action} ${r.access.leadingKeys.join(',')}`);

describe('Function: judge', () => {
  it('lets the worker and the webhook delete a pending report move in a transaction, and nothing else', () => {
    for (const fn of ['worker', 'webhook'] as const) {
      const applying = transaction({ Delete: { TableName: 't', Key: moveKey } }, { Update: { TableName: 't', Key: { pk: 'FUND#f', sk: 'AGG#pcn#U1' } } });
      expect(refusedActions(fn, 'TransactWriteItemsCommand', applying)).toEqual([]);
      const deletingALine = transaction({ Update: { TableName: 't', Key: { pk: 'FUND#f', sk: 'AGG#pcn#U1' } } }, { Delete: { TableName: 't', Key: runKey } });
      expect(refusedActions(fn, 'TransactWriteItemsCommand', deletingALine)).toEqual(['dynamodb:DeleteItem RUN#run_1']);
    }
  });

  it('lets the API delete its idempotency records only, never the ledger or a pending move', () => {
    expect(refusedActions('api', 'DeleteItemCommand', { TableName: 't', Key: idempotencyKey })).toEqual([]);
    expect(refusedActions('api', 'DeleteItemCommand', { TableName: 't', Key: { pk: { S: 'FUND#f' }, sk: { S: 'LED#1' } } })).toEqual(['dynamodb:DeleteItem FUND#f']);
    expect(refusedActions('api', 'TransactWriteItemsCommand', transaction({ Delete: { TableName: 't', Key: moveKey } }))).toEqual([
      'dynamodb:DeleteItem MOVE#run_1#line_1#paid#0',
    ]);
  });

  it('names each item of a transaction as IAM authorises it: Put, Update, Delete and ConditionCheck', () => {
    const items = transaction(
      { Put: { TableName: 't', Item: { pk: 'REF#1', sk: '#REF' } } },
      { Update: { TableName: 't', Key: { pk: 'REF#2', sk: '#REF' } } },
      { Delete: { TableName: 't', Key: { pk: 'REF#3', sk: '#REF' } } },
      { ConditionCheck: { TableName: 't', Key: { pk: 'REF#4', sk: '#REF' } } },
    );
    expect(refusedActions('expiry', 'TransactWriteItemsCommand', items)).toEqual(['dynamodb:DeleteItem REF#3', 'dynamodb:ConditionCheckItem REF#4']);
  });

  it('lets no function scan, and reads a query’s partition key from its condition', () => {
    expect(refusedActions('api', 'ScanCommand', { TableName: 't', IndexName: 'gsi4' })).toEqual(['dynamodb:Scan ']);
    expect(refusedActions('worker', 'ScanCommand', { TableName: 't' })).toEqual(['dynamodb:Scan ']);
    const query = { TableName: 't', IndexName: 'gsi2', KeyConditionExpression: '#p = :p', ExpressionAttributeNames: { '#p': 'gsi2pk' }, ExpressionAttributeValues: { ':p': 'ORG#o' } };
    expect(judge(policies, 'expiry', 'QueryCommand', query).allowed).toEqual([{ action: 'dynamodb:Query', resource: 'table/index/gsi2', leadingKeys: ['ORG#o'] }]);
  });
});

describe('Function: checkIam', () => {
  it('refuses a DocumentClient transaction before it is sent, and lets a granted one through', async () => {
    // Prepare
    const raw = new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    const doc = DynamoDBDocumentClient.from(raw);
    const check = checkIam(raw, policies, 'worker');
    const before = received;

    // Act & Assess: the refused one never reaches the endpoint.
    await expect(doc.send(new TransactWriteCommand({ TransactItems: [{ Delete: { TableName: 't', Key: runKey } }] }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('not authorized to perform: dynamodb:DeleteItem on resource: table (partition keys RUN#run_1)'),
    });
    await expect(doc.send(new ScanCommand({ TableName: 't' }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(received).toBe(before);
    await doc.send(new TransactWriteCommand({ TransactItems: [{ Delete: { TableName: 't', Key: moveKey } }] }));
    expect(received).toBe(before + 1);
    expect(check.refused.map((r) => r.access.action)).toEqual(['dynamodb:DeleteItem', 'dynamodb:Scan']);
    expect(check.allowed).toEqual([{ action: 'dynamodb:DeleteItem', resource: 'table', leadingKeys: [moveKey.pk] }]);
  });
});
