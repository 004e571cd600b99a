// GOV.UK Notify in AWS: the Notify key secret, the notification queue and its dead-letter queue, and the Pipe from the table's stream.
import { Duration, Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AppTable } from './app-table.js';
import { deadLetterQueue, workQueue } from './dead-letter-queue.js';

/** The JSON shape shared/notify/settings.ts reads; the value is a placeholder until `put-secret-value`. */
export const NOTIFY_SECRET_PLACEHOLDER = { apiKey: 'REPLACE_ME' } as const;

/** Only new audit events reach the queue: every notification is derived from one (docs/notify.md). */
export const AUDIT_EVENT_FILTER = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { entity: { S: ['audit_event'] } } },
} as const;

export interface NotificationsProps {
  readonly table: AppTable;
  /** The notifier's timeout; the queue hides a message for six times as long, as AWS recommends. */
  readonly consumerTimeout: Duration;
  readonly removalPolicy: RemovalPolicy;
  /** The platform key; the Notify secret is encrypted with it. */
  readonly key: IKey;
}

export class Notifications extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly secret: Secret;
  readonly pipe: CfnPipe;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    const streamArn = props.table.table.tableStreamArn;
    if (!streamArn) throw new Error('The notification Pipe needs the table stream (AppTable sets NEW_IMAGE).');

    this.secret = new Secret(this, 'NotifySecret', {
      description: 'GOV.UK Notify live API key: JSON {"apiKey":"<key name>-<service id>-<secret>"}',
      encryptionKey: props.key,
      removalPolicy: props.removalPolicy,
      // Generated at deploy time so no value, placeholder or real, sits in the template's SecretString.
      generateSecretString: {
        secretStringTemplate: JSON.stringify(NOTIFY_SECRET_PLACEHOLDER),
        generateStringKey: 'placeholderNonce',
        excludePunctuation: true,
      },
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Notify API keys are created and revoked in the Notify admin site (no API to mint one), then stored with put-secret-value as docs/deploy.md describes; a rotation Lambda has nothing to call.',
    });

    // Jobs carry audit event images (organisation and activity names, ids), never a resident's details, so SQS-managed SSE suffices.
    this.deadLetterQueue = deadLetterQueue(
      this,
      'NotificationDeadLetterQueue',
      'This is the notification dead-letter queue, the end of the line: the NotificationDeadLetters alarm fires on its first message and an operator redrives it once the cause is fixed.',
    );
    this.queue = workQueue(this, 'NotificationQueue', {
      consumerTimeout: props.consumerTimeout,
      retentionPeriod: Duration.days(14),
      deadLetterQueue: this.deadLetterQueue,
    });

    const role = new Role(this, 'PipeRole', {
      assumedBy: new ServicePrincipal('pipes.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Pay on Prescription NotificationEvents pipe: table stream to the notification queue',
    });
    role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
        resources: [streamArn],
      }),
    );
    role.addToPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['kms:Decrypt'], resources: [props.table.key.keyArn] }));
    this.queue.grantSendMessages(role);

    // No input template: the queue receives the stream record itself, and the notifier reads its dynamodb.NewImage.
    this.pipe = new CfnPipe(this, 'NotificationEvents', {
      description: 'New audit events from the table stream to the notification queue',
      roleArn: role.roleArn,
      source: streamArn,
      sourceParameters: {
        dynamoDbStreamParameters: { startingPosition: 'LATEST', batchSize: 10 },
        filterCriteria: { filters: [{ pattern: JSON.stringify(AUDIT_EVENT_FILTER) }] },
      },
      target: this.queue.queueArn,
    });
    // The role's policy must exist before the Pipe first reads the stream.
    this.pipe.node.addDependency(role);
  }
}
