// A function run on a schedule (EventBridge), with dead-letter queues for both delivery and execution failures.
import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Rule, type Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { BundleEntry } from '../bundles.js';
import { ApiFunction } from './api-function.js';
import { deadLetterQueue } from './dead-letter-queue.js';

export interface ScheduledJobProps {
  /** Entry file relative to the repository root, one of infra/bundles.ts's, e.g. `functions/expiry-job/index.ts`. */
  readonly entry: BundleEntry;
  readonly description: string;
  readonly schedule: Schedule;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
  readonly logKey: IKey;
  readonly environment?: Record<string, string>;
}

/** A scheduled function, such as the referral expiry job (unanswered past the deadline becomes `expired`). */
export class ScheduledJob extends Construct {
  readonly fn: ApiFunction;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', 'This is the dead-letter queue for the job (failed deliveries and failed runs); nothing redrives out of it automatically.');
    this.fn = new ApiFunction(this, 'Function', {
      entry: props.entry,
      description: props.description,
      invocation: { schedule: { deadLetterQueue: this.deadLetterQueue } },
      memorySize: props.memorySize,
      timeout: props.timeout,
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
      logKey: props.logKey,
      environment: props.environment,
    });
    new Rule(this, 'Schedule', {
      description: props.description,
      schedule: props.schedule,
      targets: [new LambdaFunction(this.fn, { deadLetterQueue: this.deadLetterQueue, retryAttempts: 2 })],
    });
  }
}
