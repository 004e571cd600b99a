// A fresh table per test file in the run's DynamoDB Local; refuses any endpoint that is not local.
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createStore, type Store } from '../../shared/store/client.js';
import { ensureTable } from '../../shared/store/table.js';

export const assertLocalEndpoint = (endpoint: string): void => {
  const host = new URL(endpoint).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
    throw new Error(`Integration tests run only against DynamoDB Local, not ${endpoint}`);
  }
};

export interface LocalTable {
  readonly store: Store;
  drop(): Promise<void>;
}

export const createLocalTable = async (label = 'test'): Promise<LocalTable> => {
  const endpoint = inject('dynamoEndpoint');
  assertLocalEndpoint(endpoint);
  const tableName = `${label}-${randomUUID().slice(0, 8)}`;
  const store = createStore({ tableName, endpoint });
  await ensureTable(store.raw, tableName);
  return {
    store,
    async drop() {
      await store.raw.send(new DeleteTableCommand({ TableName: tableName }));
      store.raw.destroy();
    },
  };
};
