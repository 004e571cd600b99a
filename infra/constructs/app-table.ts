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
  readonly indexNames: readonly string[] = TABLE_SCHEMA.indexes.map((index) => index.name);

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
    for (const index of TABLE_SCHEMA.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
