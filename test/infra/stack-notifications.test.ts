// GOV.UK Notify in the stack: the table stream, the Pipe and its filter, the notification queue, DLQ and alarm, the secret, and the notifier.
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../infra/build-app.js';
import { AUDIT_EVENT_FILTER } from '../../infra/constructs/notifications.js';
import { resourceQueries, type Resource } from '../support/template-resources.js';

const TEMPLATE_ID = '4f0c2c8e-9a1b-4c3d-8e7f-0a1b2c3d4e5f';
let built: BuiltApp;
let resources: Record<string, Resource>;
const { ofType, idOf } = resourceQueries(() => resources);
const ref = (id: string) => ({ Ref: id });
const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const statementsOfRole = (roleId: string): any[] =>
  ofType('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
const notifierId = () => idOf('AWS::Lambda::Function', (r) => String(r.Properties.Description).includes('notifier'));

beforeAll(() => {
  // Bundling skipped: nothing here depends on the functions' code (test/infra/stack.test.ts bundles for real).
  built = buildApp({
    context: {
      'aws:cdk:bundling-stacks': [],
      env: 'prod',
      alarmEmail: 'ops@example.org',
      cognitoDomainPrefix: 'mva-pay-on-prescription',
      notify: JSON.stringify({ NOTIFY_TEMPLATE_REMITTANCE_ADVICE: TEMPLATE_ID }),
    },
  });
  resources = Template.fromStack(built.stack).toJSON().Resources;
}, 120_000);

const tableId = () => idOf('AWS::DynamoDB::Table', () => true);
const notificationQueue = () => idOf('AWS::SQS::Queue', (r) => r.Properties.RedrivePolicy?.deadLetterTargetArn?.['Fn::GetAtt']?.[0]?.startsWith('NotificationsNotificationDeadLetterQueue'));

describe('Class: Notifications > stream and Pipe', () => {
  it('streams new images from the table, and pipes only new audit events to the notification queue, unchanged', () => {
    expect(resources[tableId()]!.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    const [[, pipe]] = ofType('AWS::Pipes::Pipe') as [[string, Resource]];
    expect(pipe.Properties.Source).toEqual({ 'Fn::GetAtt': [tableId(), 'StreamArn'] });
    expect(pipe.Properties.SourceParameters).toEqual({
      DynamoDBStreamParameters: { StartingPosition: 'LATEST', BatchSize: 10 },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(AUDIT_EVENT_FILTER) }] },
    });
    expect(JSON.parse(pipe.Properties.SourceParameters.FilterCriteria.Filters[0].Pattern)).toEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { entity: { S: ['audit_event'] } } },
    });
    expect(pipe.Properties.Target).toEqual(arn(notificationQueue()));
    expect(pipe.Properties.TargetParameters).toBeUndefined();
  });

  it('lets the Pipe read the stream, decrypt with the table key and send to the queue, and nothing else', () => {
    const [[, pipe]] = ofType('AWS::Pipes::Pipe') as [[string, Resource]];
    const roleId = pipe.Properties.RoleArn['Fn::GetAtt'][0];
    const role = resources[roleId]!;
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'pipes.amazonaws.com' });
    const statements = statementsOfRole(roleId);
    expect(statements.map((s) => [s.Action].flat().sort())).toEqual([
      ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
      ['kms:Decrypt'],
      ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
    ]);
    expect(statements[0].Resource).toEqual({ 'Fn::GetAtt': [tableId(), 'StreamArn'] });
    expect(statements[2].Resource).toEqual(arn(notificationQueue()));
  });
});

describe('Class: Notifications > queue, dead letters and secret', () => {
  it('hides a job for six notifier timeouts, keeps it 14 days, and dead-letters it after 5 receives', () => {
    const queue = resources[notificationQueue()]!.Properties;
    expect(queue).toMatchObject({ VisibilityTimeout: 360, MessageRetentionPeriod: 1_209_600, SqsManagedSseEnabled: true });
    expect(queue.RedrivePolicy.maxReceiveCount).toBe(5);
    const dlqId = queue.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0];
    expect(resources[dlqId]!.Properties).toMatchObject({ MessageRetentionPeriod: 1_209_600, SqsManagedSseEnabled: true });
    const alarm = ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties).filter((a) => JSON.stringify(a.Dimensions ?? []).includes(dlqId));
    expect(alarm).toHaveLength(1);
    expect(alarm[0]).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    expect(String(alarm[0]!.AlarmDescription)).toContain('Notification dead-letter queue');
    expect(built.stack.resolve(Template.fromStack(built.stack).toJSON().Outputs.NotificationDeadLetterQueueArn.Value)).toEqual(arn(dlqId));
  });

  it('keeps the Notify key in a retained, KMS-encrypted secret that holds no key in the template', () => {
    const [id, secret] = ofType('AWS::SecretsManager::Secret').find(([, r]) => String(r.Properties.Description).includes('Notify'))!;
    expect(secret.DeletionPolicy).toBe('RetainExceptOnCreate');
    expect(secret.Properties.KmsKeyId).toBeDefined();
    expect(secret.Properties.SecretString).toBeUndefined();
    expect(JSON.parse(secret.Properties.GenerateSecretString.SecretStringTemplate)).toEqual({ apiKey: 'REPLACE_ME' });
    expect(Template.fromStack(built.stack).toJSON().Outputs.NotifySecretArn.Value).toEqual(ref(id));
  });
});

describe('Class: PayOnPrescriptionStack > the notifier', () => {
  it('runs functions/notifier on Node.js 24 arm64 for 60 s with 512 MB, traced, with what its config reads', () => {
    const fn = resources[notifierId()]!.Properties;
    expect(fn).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 60, MemorySize: 512, TracingConfig: { Mode: 'Active' } });
    const env = fn.Environment.Variables;
    for (const name of ['TABLE_NAME', 'NOTIFY_SECRET_ARN', 'NOTIFY_QUEUE_URL', 'PUBLIC_URL', 'AUTH_MODE', 'JWKS_URL', 'JWT_ISSUER', 'STAGE', 'LOG_LEVEL']) {
      expect(env[name], name).toBeDefined();
    }
    expect(env.NOTIFY_QUEUE_URL).toEqual(ref(notificationQueue()));
    expect(env.NOTIFY_TEMPLATE_REMITTANCE_ADVICE).toBe(TEMPLATE_ID);
    expect(env.STRIPE_SECRET_ARN).toBeUndefined();
  });

  it('drains the queue ten at a time, two at once, reporting failed jobs one by one, and runs the reminder job hourly', () => {
    const [[, mapping]] = ofType('AWS::Lambda::EventSourceMapping').filter(([, r]) => r.Properties.FunctionName.Ref === notifierId()) as [[string, Resource]];
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: arn(notificationQueue()),
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    const rules = ofType('AWS::Events::Rule').filter(([, r]) => JSON.stringify(r.Properties.Targets).includes(notifierId()));
    expect(rules.map(([, r]) => r.Properties.ScheduleExpression)).toEqual(['rate(1 hour)']);
  });

  it('may send to the notification queue (and its own schedule dead-letter queue) and read the Notify secret, and no other', () => {
    const fn = resources[notifierId()]!;
    const statements = statementsOfRole(fn.Properties.Role['Fn::GetAtt'][0]);
    const secretReads = statements.filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
    const notifySecret = ofType('AWS::SecretsManager::Secret').find(([, r]) => String(r.Properties.Description).includes('Notify'))![0];
    expect(secretReads.map((s) => s.Resource)).toEqual([ref(notifySecret)]);
    const sends = statements.filter((s) => [s.Action].flat().includes('sqs:SendMessage'));
    const scheduleDlq = resources[notifierId()]!.Properties.DeadLetterConfig.TargetArn['Fn::GetAtt'][0];
    expect(sends.map((s) => s.Resource)).toEqual([arn(scheduleDlq), arn(notificationQueue())]);
  });
});

describe('Class: PayOnPrescriptionStack > cdk-nag with notifications', () => {
  it('passes AwsSolutions and Serverless with every finding acknowledged', () => {
    for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
      const report = pack.validateScope(built.app);
      expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    }
  });
});
