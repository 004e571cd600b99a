// CloudWatch alarms for everything that needs a person (eighteen in the full stack), to one encrypted SNS topic.
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, MetricFilter, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { WEBHOOK_PATH } from './http-api.js';

const FIVE_MINUTES = Duration.minutes(5);

/** The table operations the functions call (infra/iam-actions.ts), watched for throttles and system errors. */
export const WATCHED_TABLE_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.SCAN,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
] as const;

/** Metrics the stack makes from logs (no code emits them): their names in the platform's namespace. */
export const LOG_METRIC = {
  webhookSignatureFailures: 'WebhookSignatureFailures',
  stripeErrors: 'StripeErrors',
} as const;

/** A payout message older than this is not being drained: the worker is failing or stuck. */
export const QUEUE_AGE_LIMIT = Duration.minutes(15);
/** API p99 latency (ms) that, for 15 minutes running, means people are waiting on their screens. */
export const LATENCY_P99_LIMIT_MS = 3_000;

export interface AlarmsProps {
  readonly httpApi: HttpApi;
  /** JSON access logs (infra/constructs/http-api.ts): webhook refusals are counted from them. */
  readonly accessLogs: ILogGroup;
  readonly functions: Record<string, IFunction>;
  /** The functions that call Stripe, whose logs name a StripeGatewayError or a failed transfer. */
  readonly stripeLogGroups: Record<string, ILogGroup>;
  readonly table: ITable;
  readonly payoutQueue: IQueue;
  readonly deadLetterQueues: Record<string, IQueue>;
  /** Powertools metrics: the namespace and the `service` dimension the functions emit with. */
  readonly metricsNamespace: string;
  readonly serviceName: string;
  readonly alarmEmail: string | undefined;
  /** The platform key; the topic is encrypted with it. */
  readonly key: IKey;
}

export class Alarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly webhookSignatureFailures: Metric;
  readonly stripeErrors: Metric;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Pay on Prescription alarms', masterKey: props.key, enforceSSL: true });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    if (props.alarmEmail) {
      const subscription = this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
      Validations.of(subscription).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'E-mail notification of an alarm: the alarm state stays in CloudWatch, so an undeliverable e-mail loses nothing a DLQ would keep.',
      });
    }
    const custom = (metricName: string, dimensions: boolean): Metric =>
      new Metric({
        namespace: props.metricsNamespace,
        metricName,
        ...(dimensions ? { dimensionsMap: { service: props.serviceName } } : {}),
        statistic: 'Sum',
        period: FIVE_MINUTES,
      });

    const requests = props.httpApi.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' });
    const serverErrors = props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    this.add('Api5xxRate', 'More than 1% of API requests answered 5xx over 5 minutes', 1, {
      metric: new MathExpression({
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: { errors: serverErrors, requests },
        period: FIVE_MINUTES,
        label: 'API 5xx rate (%)',
      }),
    });
    this.add('ApiLatencyP99', `API p99 latency above ${LATENCY_P99_LIMIT_MS} ms for 15 minutes`, LATENCY_P99_LIMIT_MS, {
      metric: props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' }),
      evaluationPeriods: 3,
    });

    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${name}Errors`, `The ${name} function failed at least once in 5 minutes`, 0, {
        metric: fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
      });
      this.add(`${name}Throttles`, `The ${name} function was throttled at least once in 5 minutes`, 0, {
        metric: fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
      });
    }

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.add(`${name}DeadLetters`, `Messages reached the ${name} dead-letter queue: fix the cause, then redrive (docs/deploy.md)`, 0, {
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      });
    }
    this.add(
      'PayoutQueueAge',
      `A payout message has waited over ${QUEUE_AGE_LIMIT.toMinutes()} minutes: the worker is failing or stuck`,
      QUEUE_AGE_LIMIT.toSeconds(),
      { metric: props.payoutQueue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' }) },
    );

    const operations = { operations: [...WATCHED_TABLE_OPERATIONS], period: FIVE_MINUTES };
    this.add('TableThrottles', 'DynamoDB throttled requests to the table (the SDK retried them; sustained, they become 503s)', 0, {
      metric: props.table.metricThrottledRequestsForOperations(operations),
    });
    this.add('TableSystemErrors', 'DynamoDB answered the table with system errors (HTTP 500)', 0, {
      metric: props.table.metricSystemErrorsForOperations(operations),
    });

    // A wrong webhook secret refuses every event with 400 while Stripe retries for days: one is enough.
    new MetricFilter(this, 'WebhookRefusedFilter', {
      logGroup: props.accessLogs,
      metricNamespace: props.metricsNamespace,
      metricName: LOG_METRIC.webhookSignatureFailures,
      filterPattern: FilterPattern.all(
        FilterPattern.stringValue('$.routeKey', '=', `POST ${WEBHOOK_PATH}`),
        FilterPattern.stringValue('$.status', '=', '400'),
      ),
      metricValue: '1',
    });
    this.webhookSignatureFailures = custom(LOG_METRIC.webhookSignatureFailures, false);
    this.add('WebhookSignatureFailures', 'The Stripe webhook refused an event (signature or shape): check the endpoint secrets in the Stripe secret', 0, {
      metric: this.webhookSignatureFailures,
    });

    for (const [name, logGroup] of Object.entries(props.stripeLogGroups)) {
      new MetricFilter(this, `${name}StripeErrorFilter`, {
        logGroup,
        metricNamespace: props.metricsNamespace,
        metricName: LOG_METRIC.stripeErrors,
        filterPattern: FilterPattern.anyTerm('StripeGatewayError', 'transfer failed'),
        metricValue: '1',
      });
    }
    this.stripeErrors = custom(LOG_METRIC.stripeErrors, false);
    this.add('StripeErrors', 'A call to Stripe failed (onboarding, transfer or account read): see the function logs', 0, {
      metric: this.stripeErrors,
    });

    this.add('PayoutLinesFailed', 'Stripe refused at least one payout line: see the run, then retry it', 0, {
      metric: custom('PayoutLinesFailed', true),
    });
  }

  private add(id: string, description: string, threshold: number, options: { metric: IMetric; evaluationPeriods?: number }): void {
    const alarm = new Alarm(this, id, {
      alarmDescription: description,
      metric: options.metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
