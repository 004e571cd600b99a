// The payout queue the worker drains, with its dead-letter queue: a line that fails 5 times waits there for a redrive.
import { Duration } from 'aws-cdk-lib';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue, workQueue } from './dead-letter-queue.js';

export interface PayoutQueueProps {
  /** The worker's timeout; the queue hides a message for six times as long, as AWS recommends. */
  readonly consumerTimeout: Duration;
}

export class PayoutQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: PayoutQueueProps) {
    super(scope, id);
    // Messages carry ids only (run, line), never personal data, so SQS-managed SSE suffices.
    this.deadLetterQueue = deadLetterQueue(
      this,
      'DeadLetterQueue',
      'This is the dead-letter queue, the end of the line: an alarm fires on its first message and an operator redrives it to the payout queue once the cause is fixed.',
    );
    this.queue = workQueue(this, 'Queue', {
      consumerTimeout: props.consumerTimeout,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: this.deadLetterQueue,
    });
  }
}
