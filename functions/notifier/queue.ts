// Where jobs wait: SQS (with its dead-letter queue) in AWS, and an in-process stand-in with the same rules locally.
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from '@aws-lambda-powertools/logger';
import { sqsJsonSender } from '../runtime/sqs-json.js';
import { jobKey, type NotificationJob } from './jobs.js';

export interface NotificationQueue {
  send(job: NotificationJob): Promise<void>;
}

export const createSqsQueue = (sqs: SQSClient, queueUrl: string): NotificationQueue => ({ send: sqsJsonSender<NotificationJob>(sqs, queueUrl) });

export interface DeadLetter {
  readonly job: NotificationJob;
  readonly receives: number;
  readonly lastError: string;
}

export interface MemoryQueue extends NotificationQueue {
  /** Jobs waiting or being worked on, by job key. */
  pending(): string[];
  /** Jobs that failed `maxReceives` times, as SQS would move them to the dead-letter queue. */
  deadLetters(): readonly DeadLetter[];
  /** Resolves when no job is waiting, in flight or due for redelivery. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

interface Message {
  readonly job: NotificationJob;
  receives: number;
}

/**
 * The local stand-in for the notification queue: one job at a time; a job that throws is delivered
 * again after `retryDelayMs` (SQS's visibility timeout), and after `maxReceives` receives it moves to
 * the dead-letter list (SQS's redrive policy, maxReceiveCount 5 in AWS).
 */
export const createMemoryQueue = (options: {
  process: (job: NotificationJob) => Promise<unknown>;
  logger: Logger;
  maxReceives?: number;
  retryDelayMs?: number;
}): MemoryQueue => {
  const maxReceives = options.maxReceives ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 30_000;
  const ready: Message[] = [];
  const delayed = new Set<{ message: Message; timer: NodeJS.Timeout }>();
  const dead: DeadLetter[] = [];
  let inFlight: Message | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let waiters: (() => void)[] = [];

  const settleWaiters = () => {
    if (ready.length === 0 && delayed.size === 0 && !inFlight) {
      for (const done of waiters) done();
      waiters = [];
    }
  };

  const work = async () => {
    while (!stopped && ready.length > 0) {
      const message = ready.shift()!;
      inFlight = message;
      message.receives += 1;
      try {
        await options.process(message.job);
      } catch (error) {
        const lastError = error instanceof Error ? error.message : String(error);
        if (message.receives >= maxReceives) {
          dead.push({ job: message.job, receives: message.receives, lastError });
          options.logger.error('notification job moved to the dead-letter list', { job: jobKey(message.job), receives: message.receives, error: lastError });
        } else if (!stopped) {
          const entry = {
            message,
            timer: setTimeout(() => {
              delayed.delete(entry);
              ready.push(message);
              kick();
            }, retryDelayMs),
          };
          delayed.add(entry);
        }
      } finally {
        inFlight = undefined;
      }
    }
    running = undefined;
    settleWaiters();
  };
  const kick = () => {
    running ??= work();
  };

  return {
    async send(job) {
      if (stopped) throw new Error('The notification queue has stopped.');
      ready.push({ job, receives: 0 });
      kick();
    },
    pending: () => [...(inFlight ? [inFlight] : []), ...ready, ...[...delayed].map((d) => d.message)].map((m) => jobKey(m.job)),
    deadLetters: () => dead,
    idle: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        settleWaiters();
      }),
    async stop() {
      stopped = true;
      for (const entry of delayed) clearTimeout(entry.timer);
      delayed.clear();
      await running;
      settleWaiters();
    },
  };
};
