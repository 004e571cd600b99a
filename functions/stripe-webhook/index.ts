// Lambda entry for Stripe webhooks. Interim: refuses events (503, so Stripe retries them) until
// signature verification and event handling land with the payouts work.
import type { APIGatewayProxyResultV2 } from 'aws-lambda';

export const handler = async (): Promise<APIGatewayProxyResultV2> => ({
  statusCode: 503,
  headers: { 'content-type': 'application/problem+json' },
  body: JSON.stringify({
    type: 'https://pay-on-prescription.org.uk/problems/unavailable',
    title: 'A service we depend on is unavailable',
    status: 503,
    detail: 'Webhook processing is not enabled yet; Stripe will retry.',
    code: 'unavailable',
  }),
});
