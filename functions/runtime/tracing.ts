// X-Ray for every entry point: each AWS SDK call, and each outgoing HTTPS request (Stripe, Notify), is a subsegment.
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * Powertools turns tracing on only inside Lambda (it reads the environment), so tests and `npm start`
 * trace nothing. Its default also captures outgoing HTTPS requests, which is how Stripe's and
 * Notify's calls appear in a trace without wrapping either SDK.
 */
export const createTracer = (serviceName = 'pay-on-prescription'): Tracer => new Tracer({ serviceName });

/** Instruments an AWS SDK v3 client in place (clients built from it, such as the document client, share its middleware). */
export const traceAwsClient = <C>(tracer: Tracer, client: C): C => tracer.captureAWSv3Client(client);
