// The notifier in-process, as `npm start` and the tests run it: stream poller → queue stand-in → Notify.
import type { NotifierDeps } from './deps.js';
import { processJob } from './process.js';
import { createMemoryQueue, type MemoryQueue } from './queue.js';
import { queueDueReminders } from './reminders.js';
import { createStreamsClient, ensureStream, startStreamPoller } from './stream.js';

export interface LocalNotifier {
  readonly queue: MemoryQueue;
  /** One pass of the reminder job, as the hourly schedule runs it in AWS. */
  runReminders(): ReturnType<typeof queueDueReminders>;
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
  const timer = options.reminderIntervalMs
    ? setInterval(() => void runReminders().catch((error: unknown) => deps.logger.error('reminder run failed', { error })), options.reminderIntervalMs)
    : undefined;
  return {
    queue,
    runReminders,
    async stop() {
      if (timer) clearInterval(timer);
      await poller.stop();
      await queue.stop();
      streams.destroy();
    },
  };
};
