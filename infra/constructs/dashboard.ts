// One CloudWatch dashboard for the platform's health: acceptances, refusals by code, payout lines, webhooks, latency, alarms.
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  LogQueryWidget,
  Metric,
  type Alarm,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { WEBHOOK_PATH } from './http-api.js';

const HOUR = Duration.hours(1);

export interface PlatformDashboardProps {
  readonly httpApi: HttpApi;
  /** The API function's Powertools log group: every refusal is logged as "request refused" with its code. */
  readonly apiLogGroup: ILogGroup;
  readonly accessLogs: ILogGroup;
  readonly webhookFunction: IFunction;
  readonly webhookSignatureFailures: IMetric;
  readonly stripeErrors: IMetric;
  readonly metricsNamespace: string;
  readonly serviceName: string;
  readonly alarms: readonly Alarm[];
}

export class PlatformDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: PlatformDashboardProps) {
    super(scope, id);
    // The business metrics functions/api/metrics.ts emits (Powertools EMF, dimension `service`).
    const business = (metricName: string, label: string) =>
      new Metric({
        namespace: props.metricsNamespace,
        metricName,
        dimensionsMap: { service: props.serviceName },
        statistic: 'Sum',
        period: HOUR,
        label,
      });
    const latency = (statistic: string) => props.httpApi.metricLatency({ statistic, period: Duration.minutes(5), label: `API ${statistic}` });

    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.days(7) });
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Referrals accepted and refused (per hour)',
        left: [
          business('ReferralsAccepted', 'accepted'),
          business('CapacityRejections', 'refused: capacity_exhausted'),
          business('FundExhaustedRejections', 'refused: fund_exhausted'),
        ],
        width: 12,
      }),
      new LogQueryWidget({
        title: 'Requests refused, by problem code',
        logGroupNames: [props.apiLogGroup.logGroupName],
        queryLines: ['filter message = "request refused"', 'stats count(*) as refusals by code', 'sort refusals desc'],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Payout lines (per hour)',
        left: [business('PayoutLinesPaid', 'paid'), business('PayoutLinesFailed', 'failed')],
        width: 8,
      }),
      new GraphWidget({
        title: 'Stripe webhooks',
        left: [
          props.webhookFunction.metricInvocations({ period: HOUR, label: 'delivered' }),
          props.webhookSignatureFailures,
          props.stripeErrors,
        ],
        width: 8,
      }),
      new LogQueryWidget({
        title: 'Webhook answers, by status',
        logGroupNames: [props.accessLogs.logGroupName],
        queryLines: [`filter routeKey = "POST ${WEBHOOK_PATH}"`, 'stats count(*) as events by status'],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'API latency (ms)',
        left: [latency('p50'), latency('p95'), latency('p99')],
        right: [props.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum', label: '5xx' })],
        width: 12,
      }),
      new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 12 }),
    );
  }
}
