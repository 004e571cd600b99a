// The ScheduledJob hook (not yet used by the stack): a scheduled function whose failures land in a dead-letter queue.
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Key } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScheduledJob } from '../../infra/constructs/scheduled-job.js';

let app: App;
let template: Template;

beforeAll(() => {
  // Prepare: bundling skipped; the stack test bundles for real.
  app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'JobStack');
  new ScheduledJob(stack, 'ExpiryJob', {
    // Any existing entry will do until functions/expiry-job exists.
    entry: 'functions/payout-worker/index.ts',
    description: 'Expires referrals unanswered for 14 days',
    schedule: Schedule.rate(Duration.hours(1)),
    timeout: Duration.minutes(2),
    memorySize: 512,
    logRetention: RetentionDays.ONE_MONTH,
    logRemovalPolicy: RemovalPolicy.DESTROY,
    logKey: new Key(stack, 'LogKey', { enableKeyRotation: true }),
  });
  template = Template.fromStack(stack);
});

describe('Class: ScheduledJob', () => {
  it('runs hourly and sends failed deliveries and failed runs to its dead-letter queue', () => {
    const rule = Object.values(template.findResources('AWS::Events::Rule'))[0]!;
    expect(rule.Properties.ScheduleExpression).toBe('rate(1 hour)');
    expect(rule.Properties.Targets[0].DeadLetterConfig).toBeDefined();
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0]!;
    expect(fn.Properties.DeadLetterConfig).toBeDefined();
  });

  it('passes cdk-nag with every finding acknowledged', () => {
    for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
      expect(pack.validateScope(app).violations.map((v) => v.ruleName)).toEqual([]);
    }
  });
});
