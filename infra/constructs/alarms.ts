// CloudWatch alarms for what needs a person (5xx rate, function errors and throttles, DLQ depth, failed payouts) to one SNS topic.
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
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

const FIVE_MINUTES = Duration.minutes(5);

export interface AlarmsProps {
  readonly httpApi: HttpApi;
  readonly functions: Record<string, IFunction>;
  readonly deadLetterQueue: IQueue;
  /** Powertools metrics: the namespace and the `service` dimension the functions emit with. */
  readonly metricsNamespace: string;
  readonly serviceName: string;
  readonly alarmEmail: string | undefined;
}

export class Alarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const key = new Key(this, 'TopicKey', {
      description: 'Pay on Prescription alarm notifications',
      enableKeyRotation: true,
    });
    // CloudWatch publishes as a service, so the key and the topic must both let it in.
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    key.addToResourcePolicy(
      new PolicyStatement({ principals: [cloudWatch], actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: ['*'] }),
    );
    this.topic = new Topic(this, 'Topic', { displayName: 'Pay on Prescription alarms', masterKey: key, enforceSSL: true });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [cloudWatch],
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

    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${name}Errors`, `The ${name} function failed at least once in 5 minutes`, 0, {
        metric: fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
      });
      this.add(`${name}Throttles`, `The ${name} function was throttled at least once in 5 minutes`, 0, {
        metric: fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
      });
    }

    this.add(
      'PayoutDeadLetters',
      'Payout messages reached the dead-letter queue: fix the cause, then redrive (README: Deploy to AWS)',
      0,
      { metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }) },
    );

    this.add('PayoutLinesFailed', 'Stripe refused at least one payout line: see the run, then retry it', 0, {
      metric: new Metric({
        namespace: props.metricsNamespace,
        metricName: 'PayoutLinesFailed',
        dimensionsMap: { service: props.serviceName },
        statistic: 'Sum',
        period: FIVE_MINUTES,
      }),
    });
  }

  private add(id: string, description: string, threshold: number, options: { metric: IMetric }): void {
    const alarm = new Alarm(this, id, {
      alarmDescription: description,
      metric: options.metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
