// The platform key: one customer-managed KMS key for every log group and the alarm topic, each service let in by name.
import { Stack, type RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface PlatformKeyProps {
  /** Retained like the data: logs encrypted with a deleted key can never be read again. */
  readonly removalPolicy: RemovalPolicy;
}

export class PlatformKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: PlatformKeyProps) {
    super(scope, id);
    const { region, account, partition } = Stack.of(this);
    this.key = new Key(this, 'Key', {
      description: 'Pay on Prescription platform key (log groups, alarm notifications)',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    // CloudWatch Logs encrypts each log group with the key, and may use it for this account's log
    // groups only (the encryption context names the group).
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` },
        },
      }),
    );
    // CloudWatch alarms publish to the encrypted SNS topic as a service; SNS uses the key on its behalf.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
  }
}
