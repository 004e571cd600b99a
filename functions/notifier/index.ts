// Lambda entry for the notifier: SQS batches of jobs (audit events via Pipes, reminders) and the hourly reminder schedule.
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createStore } from '../../shared/store/client.js';
import { loadLambdaConfig } from '../runtime/lambda-config.js';
import { buildNotifierDeps } from './build.js';
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

export const handler = async (event: SQSEvent | ScheduledEvent, context: Context): Promise<SQSBatchResponse | Awaited<ReturnType<typeof queueDueReminders>>> => {
  if ('Records' in event) return onMessages(event, context);
  const now = event.time ? new Date(event.time) : new Date();
  const result = await queueDueReminders({ store, clock: () => now }, queue);
  deps.logger.info('reminders queued', { ...result, at: now.toISOString() });
  return result;
};
