// Lambda entry for the notifier: SQS batches of jobs (audit events via Pipes, reminders) and the hourly schedule (reminders, delivery checks).
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createStore } from '../../shared/store/client.js';
import { loadLambdaConfig } from '../runtime/lambda-config.js';
import { buildNotifierDeps } from './build.js';
import { checkDeliveryStatuses } from './delivery-checks.js';
import { createSqsQueue } from './queue.js';
import { queueDueReminders } from './reminders.js';
import { createNotifierHandler } from './sqs-handler.js';

const config = loadLambdaConfig();
const store = createStore({ tableName: config.TABLE_NAME, endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION });
if (!config.PUBLIC_URL) throw new Error('The notifier needs PUBLIC_URL, the address its messages link to.');
const deps = await buildNotifierDeps(process.env, { store, publicUrl: config.PUBLIC_URL });
if (!deps) throw new Error('The notifier needs GOV.UK Notify: set NOTIFY_SECRET_ARN (or NOTIFY_API_KEY).');
const queueUrl = process.env.NOTIFY_QUEUE_URL;
if (!queueUrl) throw new Error('The notifier needs NOTIFY_QUEUE_URL, the queue reminders are sent to.');
const queue = createSqsQueue(new SQSClient({ region: config.AWS_REGION }), queueUrl);
const onMessages = createNotifierHandler(deps);

type ScheduledEvent = { 'detail-type': 'Scheduled Event'; time?: string };

/** What the hourly schedule did: reminders queued and delivery statuses read back. */
type HourlyResult = Awaited<ReturnType<typeof queueDueReminders>> & { deliveryChecks: Awaited<ReturnType<typeof checkDeliveryStatuses>> };

export const handler = async (event: SQSEvent | ScheduledEvent, context: Context): Promise<SQSBatchResponse | HourlyResult> => {
  if ('Records' in event) return onMessages(event, context);
  const now = event.time ? new Date(event.time) : new Date();
  // A failed reminder run still lets the delivery check run, then fails the invocation (the Errors alarm).
  let reminderFailure: unknown;
  const reminders = await queueDueReminders({ store, clock: () => now }, queue).catch((error: unknown) => {
    reminderFailure = error;
    return { queued: 0, alreadyQueued: 0, notDue: 0 };
  });
  if (!reminderFailure) deps.logger.info('reminders queued', { ...reminders, at: now.toISOString() });
  // Leave 15 s of the invocation for the lookup in flight (a Notify timeout is 10 s) and the log line.
  const deliveryChecks = await checkDeliveryStatuses(deps, { stopAt: Date.now() + context.getRemainingTimeInMillis() - 15_000 });
  deps.logger.info('delivery statuses checked', { ...deliveryChecks, at: now.toISOString() });
  if (reminderFailure) throw reminderFailure;
  return { ...reminders, deliveryChecks };
};
