// Business metrics (CloudWatch EMF through Powertools): acceptances, capacity and fund refusals, payout lines.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const METRICS_NAMESPACE = 'PayOnPrescription';
export const SERVICE_NAME = 'pay-on-prescription';

export const METRIC = {
  referralsAccepted: 'ReferralsAccepted',
  capacityRejections: 'CapacityRejections',
  fundRejections: 'FundExhaustedRejections',
  payoutLinesPaid: 'PayoutLinesPaid',
  payoutLinesFailed: 'PayoutLinesFailed',
  /** A webhook whose signature did not verify: a wrong secret in Secrets Manager shows here first. */
  webhookSignatureFailures: 'StripeWebhookSignatureFailures',
  /** A signed event that could not be applied (malformed, mismatched, no id, wrong API version). */
  webhookEventsUnprocessable: 'StripeWebhookEventsUnprocessable',
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];

export interface AppMetrics {
  /** Records one occurrence and publishes it at once (volumes are low: a few a second at most). */
  count(name: MetricName, value?: number): void;
}

/**
 * Powertools writes each EMF document to stdout, where CloudWatch turns it into metrics. Given
 * `capture`, the same documents go there instead (tests read them).
 */
export const createMetrics = (options: { capture?: (emf: string) => void } = {}): AppMetrics => {
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  return {
    count(name, value = 1) {
      metrics.addMetric(name, MetricUnit.Count, value);
      if (options.capture) {
        options.capture(JSON.stringify(metrics.serializeMetrics()));
        metrics.clearMetrics();
      } else {
        metrics.publishStoredMetrics();
      }
    },
  };
};
