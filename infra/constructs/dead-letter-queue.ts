// A dead-letter queue with the house settings: SQS-managed encryption, TLS only, 14 days' retention.
import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** `reason` says why this queue, the end of the line, has no redrive policy of its own. */
export const deadLetterQueue = (scope: Construct, id: string, reason: string): Queue => {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({ id: 'Serverless-SQSRedrivePolicy', reason });
  return queue;
};
