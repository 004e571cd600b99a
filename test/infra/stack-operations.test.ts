// What keeps the stack up and tells someone when it is not: retention on failed creates, encrypted logs, alarms, the dashboard.
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import { LATENCY_P99_LIMIT_MS, LOG_METRIC, QUEUE_AGE_LIMIT } from '../../infra/constructs/alarms.js';
import { resourceQueries, type Resource } from '../support/template-resources.js';

let resources: Record<string, Resource>;
const { ofType, idOf } = resourceQueries(() => resources);
const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
const alarmDescribed = (start: string) => {
  const found = alarms().filter((a) => String(a.AlarmDescription).startsWith(start));
  expect(found, start).toHaveLength(1);
  return found[0]!;
};

beforeAll(() => {
  // Bundling skipped: nothing here depends on the functions' code.
  const { stack } = buildApp({
    context: { 'aws:cdk:bundling-stacks': [], env: 'prod', alarmEmail: 'ops@example.org', cognitoDomainPrefix: 'mva-pay-on-prescription' },
  });
  resources = Template.fromStack(stack).toJSON().Resources;
}, 120_000);

describe('Class: PayOnPrescriptionStack > a failed first create leaves nothing behind', () => {
  it('keeps the table, user pool, keys and secrets on update or delete, but not after a failed create', () => {
    const data = ['AWS::DynamoDB::Table', 'AWS::Cognito::UserPool', 'AWS::KMS::Key', 'AWS::SecretsManager::Secret'];
    const kept = Object.values(resources).filter((r) => data.includes(r.Type));
    // The table, the user pool, three keys (table, Stripe, platform) and three secrets (Stripe, web sessions, Notify).
    expect(kept.map((r) => r.Type).sort()).toEqual(
      [...data, 'AWS::KMS::Key', 'AWS::KMS::Key', 'AWS::SecretsManager::Secret', 'AWS::SecretsManager::Secret'].sort(),
    );
    for (const r of kept) expect([r.DeletionPolicy, r.UpdateReplacePolicy]).toEqual(['RetainExceptOnCreate', 'Retain']);
    expect(Object.values(resources).filter((r) => r.DeletionPolicy === 'Retain')).toEqual([]);
  });
});

describe('Class: PlatformKey', () => {
  it('encrypts every log group, and lets CloudWatch Logs use it for this account’s log groups only', () => {
    const keyId = idOf('AWS::KMS::Key', (r) => String(r.Properties.Description).includes('platform key'));
    const groups = ofType('AWS::Logs::LogGroup');
    // Five functions and the API's access logs.
    expect(groups).toHaveLength(6);
    for (const [, group] of groups) expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    const logs = resources[keyId]!.Properties.KeyPolicy.Statement.find((s: any) => JSON.stringify(s.Principal).includes('logs.'));
    expect(JSON.stringify(logs.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn'])).toContain(':log-group:*');
    expect(only('AWS::SNS::Topic').KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
  });
});

const only = (type: string) => {
  const found = ofType(type);
  expect(found).toHaveLength(1);
  return found[0]![1].Properties;
};

describe('Class: Alarms', () => {
  it('has twenty-two alarms, each notifying the encrypted topic on alarm and on recovery, e-mailed to the address given', () => {
    const topic = { Ref: idOf('AWS::SNS::Topic', () => true) };
    expect(alarms()).toHaveLength(22);
    for (const alarm of alarms()) {
      expect(alarm.AlarmActions).toEqual([topic]);
      expect(alarm.OKActions).toEqual([topic]);
    }
    expect(only('AWS::SNS::Subscription')).toMatchObject({ Protocol: 'email', Endpoint: 'ops@example.org' });
  });

  it('watches every dead-letter queue (payout, expiry job, notification, notifier schedule) and the payout queue’s oldest message', () => {
    const queues = ofType('AWS::SQS::Queue');
    const dlqs = queues.filter(([, q]) => q.Properties.RedrivePolicy === undefined).map(([id]) => id);
    expect(dlqs).toHaveLength(4);
    const watched = alarms()
      .filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')
      .map((a) => a.Dimensions[0].Value['Fn::GetAtt'][0]);
    expect(watched.sort()).toEqual(dlqs.sort());
    const payoutQueue = queues.find(([id, q]) => id.startsWith('PayoutQueue') && q.Properties.RedrivePolicy !== undefined)![0];
    const age = alarmDescribed('A payout message has waited');
    expect(age).toMatchObject({ MetricName: 'ApproximateAgeOfOldestMessage', Threshold: QUEUE_AGE_LIMIT.toSeconds() });
    expect(age.Dimensions[0].Value['Fn::GetAtt'][0]).toBe(payoutQueue);
  });

  it('watches DynamoDB throttles and system errors on every operation the functions call', () => {
    const tableRef = { Ref: idOf('AWS::DynamoDB::Table', () => true) };
    for (const [start, metricName] of [['DynamoDB throttled', 'ThrottledRequests'], ['DynamoDB answered', 'SystemErrors']] as const) {
      const metrics = alarmDescribed(start).Metrics.filter((m: any) => m.MetricStat);
      expect(metrics.map((m: any) => m.MetricStat.Metric.Dimensions.find((d: any) => d.Name === 'Operation').Value).sort()).toEqual(
        ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'Scan', 'TransactWriteItems', 'UpdateItem'],
      );
      for (const m of metrics) {
        expect(m.MetricStat.Metric.MetricName).toBe(metricName);
        expect(m.MetricStat.Metric.Dimensions).toContainEqual({ Name: 'TableName', Value: tableRef });
      }
    }
  });

  it('watches the API’s 5xx rate and p99 latency, and each function’s errors and throttles', () => {
    expect(alarmDescribed('More than 1% of API requests').Metrics[0].Expression).toBe('IF(requests > 0, 100 * errors / requests, 0)');
    expect(alarmDescribed('API p99 latency')).toMatchObject({ ExtendedStatistic: 'p99', Threshold: LATENCY_P99_LIMIT_MS, EvaluationPeriods: 3 });
    for (const metricName of ['Errors', 'Throttles']) {
      const watched = alarms().filter((a) => a.Namespace === 'AWS/Lambda' && a.MetricName === metricName);
      expect(watched.map((a) => a.Dimensions[0].Value.Ref).sort()).toEqual(ofType('AWS::Lambda::Function').map(([id]) => id).sort());
    }
  });

  it('counts webhook refusals from the access logs, and Stripe errors from the three Stripe-using functions’ logs', () => {
    const filters = ofType('AWS::Logs::MetricFilter').map(([, f]) => f.Properties);
    const accessLogs = ofType('AWS::Logs::LogGroup').find(([id]) => id.startsWith('HttpAccessLogs'))![0];
    const refusals = filters.filter((f) => f.MetricTransformations[0].MetricName === LOG_METRIC.webhookSignatureFailures);
    expect(refusals).toEqual([
      expect.objectContaining({ LogGroupName: { Ref: accessLogs }, FilterPattern: '{ ($.routeKey = "POST /v1/stripe/webhook") && ($.status = "400") }' }),
    ]);
    const stripe = filters.filter((f) => f.MetricTransformations[0].MetricName === LOG_METRIC.stripeErrors);
    expect(stripe).toHaveLength(3);
    for (const f of stripe) expect(f.FilterPattern).toBe('?"StripeGatewayError" ?"transfer failed"');
    for (const name of [LOG_METRIC.webhookSignatureFailures, LOG_METRIC.stripeErrors, 'PayoutLinesFailed']) {
      expect(alarms().filter((a) => a.MetricName === name && a.Namespace === 'PayOnPrescription'), name).toHaveLength(1);
    }
  });
});

describe('Class: PlatformDashboard', () => {
  it('shows acceptances, refusals by code, payout lines, webhook outcomes, latency and the alarms', () => {
    const body = JSON.stringify(only('AWS::CloudWatch::Dashboard').DashboardBody);
    for (const shown of [
      'ReferralsAccepted',
      'CapacityRejections',
      'FundExhaustedRejections',
      'request refused',
      'by code',
      'PayoutLinesPaid',
      'PayoutLinesFailed',
      LOG_METRIC.webhookSignatureFailures,
      'POST /v1/stripe/webhook',
      'p99',
      'type\\":\\"alarm',
    ]) {
      expect(body, shown).toContain(shown);
    }
  });
});
