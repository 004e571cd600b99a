// The notifier in-process, as `npm start` and the tests run it: stream poller → queue stand-in → Notify.
import { checkDeliveryStatuses } from './delivery-checks.js';
import type { NotifierDeps } from './deps.js';
import { processJob } from './process.js';
import { createMemoryQueue, type MemoryQueue } from './queue.js';
import { queueDueReminders } from './reminders.js';
import { createStreamsClient, ensureStream, startStreamPoller } from './stream.js';

export interface LocalNotifier {
  readonly queue: MemoryQueue;
  /** One pass of the reminder job, as the hourly schedule runs it in AWS. */
  runReminders(): ReturnType<typeof queueDueReminders>;
  /** One pass of the delivery check, as the same hourly schedule runs it in AWS. */
  runDeliveryChecks(options?: Parameters<typeof checkDeliveryStatuses>[1]): ReturnType<typeof checkDeliveryStatuses>;
  stop(): Promise<void>;
}

export const startLocalNotifier = async (
  deps: NotifierDeps,
  options: { endpoint: string | undefined; region?: string; pollIntervalMs?: number; retryDelayMs?: number; maxReceives?: number; reminderIntervalMs?: number },
): Promise<LocalNotifier> => {
  const queue = createMemoryQueue({
    process: (job) => processJob(deps, job),
    logger: deps.logger,
    ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
    ...(options.maxReceives !== undefined ? { maxReceives: options.maxReceives } : {}),
  });
  const streamArn = await ensureStream(deps.store.raw, deps.store.tableName);
  const streams = createStreamsClient({ endpoint: options.endpoint, ...(options.region ? { region: options.region } : {}) });
  const poller = startStreamPoller({
    streams,
    streamArn,
    logger: deps.logger,
    onEvent: (event) => queue.send({ type: 'audit_event', event }),
    ...(options.pollIntervalMs !== undefined ? { intervalMs: options.pollIntervalMs } : {}),
  });
  const runReminders = () => queueDueReminders(deps, queue);
  const runDeliveryChecks = (checks?: Parameters<typeof checkDeliveryStatuses>[1]) => checkDeliveryStatuses(deps, checks);
  const hourly = () => {
    void runReminders().catch((error: unknown) => deps.logger.error('reminder run failed', { error }));
    void runDeliveryChecks().catch((error: unknown) => deps.logger.error('delivery check failed', { error }));
  };
  const timer = options.reminderIntervalMs ? setInterval(hourly, options.reminderIntervalMs) : undefined;
  return {
    queue,
    runReminders,
    runDeliveryChecks,
    async stop() {
      if (timer) clearInterval(timer);
      await poller.stop();
      await queue.stop();
      streams.destroy();
    },
  };
};
