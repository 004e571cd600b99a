// The cold-start floor: a bare Hono Lambda that creates a DynamoDB document client and answers from one GetItem.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const doc = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: process.env.AWS_REGION ?? 'eu-west-2', ...(endpoint ? { endpoint } : {}) }),
);
const app = new Hono();
app.get('/v1/funds/:id', async (c) => {
  const { Item } = await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: `FUND#${c.req.param('id')}`, sk: '#FUND' } }));
  return Item ? c.json(Item) : c.json({ code: 'not_found' }, 404);
});

export const handler = handle(app);
