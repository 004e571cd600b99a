// Where Idempotency-Key records live: the platform's own table, under one partition, expiring by TTL.
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Store } from '../../shared/store/client.js';

export const createIdempotencyStore = (store: Store): BasePersistenceLayer =>
  new DynamoDBPersistenceLayer({
    tableName: store.tableName,
    awsSdkV3Client: store.raw,
    keyAttr: 'pk',
    sortKeyAttr: 'sk',
    staticPkValue: 'IDEMPOTENCY',
    expiryAttr: 'ttl',
  });
