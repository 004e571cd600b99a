// X-Ray for every entry point: each AWS SDK call, and each outgoing HTTPS request (Stripe, Notify), is a subsegment.
import type { Tracer } from '@aws-lambda-powertools/tracer';

export type { Tracer };

/**
 * Powertools traces only inside Lambda, so outside it (tests, `npm start`, the bench) the Tracer is
 * not even imported: importing the X-Ray SDK starts its context tracking, an async hook on every
 * promise of the process, which costs every request even when nothing is traced. Inside Lambda its
 * default also captures outgoing HTTPS requests, which is how Stripe's and Notify's calls appear in a
 * trace without wrapping either SDK.
 */
export const createTracer = async (serviceName = 'pay-on-prescription'): Promise<Tracer | undefined> => {
  if (!process.env.AWS_LAMBDA_FUNCTION_NAME) return undefined;
  const { Tracer } = await import('@aws-lambda-powertools/tracer');
  return new Tracer({ serviceName });
};

/** Instruments an AWS SDK v3 client in place (clients built from it, such as the document client, share its middleware). */
export const traceAwsClient = <C>(tracer: Tracer | undefined, client: C): C => (tracer ? tracer.captureAWSv3Client(client) : client);
