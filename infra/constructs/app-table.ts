// The single DynamoDB table: the same keys, indexes and TTL as shared/store/table.ts, encrypted with its own key.
import { type RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Mirrors shared/store/table.ts (infra may not import runtime code); a test keeps the two in step. */
export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    // The referral lists, newest first (shared/store/keys-referral-lists.ts).
    { name: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
    { name: 'gsi5', partitionKey: 'gsi5pk', sortKey: 'gsi5sk' },
    { name: 'gsi6', partitionKey: 'gsi6pk', sortKey: 'gsi6sk' },
    { name: 'gsi7', partitionKey: 'gsi7pk', sortKey: 'gsi7sk' },
  ],
  ttlAttribute: 'ttl',
} as const;

export interface AppTableProps {
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
}

export class AppTable extends Construct {
  readonly table: Table;
  /** Customer-managed, rotated yearly; callers need it through DynamoDB only (see ApiFunction.bindTable). */
  readonly key: Key;
  readonly indexNames: readonly string[];

  constructor(scope: Construct, id: string, props: AppTableProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Pay on Prescription table encryption (referrals, ledger, audit)',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_SCHEMA.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_SCHEMA.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.deletionProtection,
      timeToLiveAttribute: TABLE_SCHEMA.ttlAttribute,
      // New images only: the notification Pipe forwards new audit events (infra/constructs/notifications.ts).
      stream: StreamViewType.NEW_IMAGE,
      removalPolicy: props.removalPolicy,
    });
    const indexes = TABLE_SCHEMA.indexes.slice(0, indexCount(this));
    this.indexNames = indexes.map((index) => index.name);
    for (const index of indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}

/**
 * How many of the indexes to declare: all of them, unless `-c tableIndexes=<n>` says fewer.
 * CloudFormation creates at most one index per table update, so a stack deployed before the
 * referral lists is brought up to date one index at a time (`-c tableIndexes=4`, 5, 6, then all;
 * docs/perf-lists.md). A new stack creates them all at once.
 */
const indexCount = (scope: Construct): number => {
  const asked: unknown = scope.node.tryGetContext('tableIndexes');
  if (asked === undefined) return TABLE_SCHEMA.indexes.length;
  const n = Number(asked);
  if (!Number.isInteger(n) || n < 3 || n > TABLE_SCHEMA.indexes.length) {
    throw new Error(`-c tableIndexes must be a whole number from 3 to ${TABLE_SCHEMA.indexes.length}, not ${String(asked)}.`);
  }
  return n;
};
