// One job end to end: plan its messages, deliver each; any that must be retried fail the whole job.
import { jobKey, type NotificationJob } from './jobs.js';
import type { NotifierDeps } from './deps.js';
import { deliver, type Delivery } from './deliver.js';
import { planMessages } from './plan.js';

/** Some messages of a job could not be sent yet; the job is retried, and those already sent are skipped. */
export class DeliveryIncomplete extends Error {
  override readonly name = 'DeliveryIncomplete';
  constructor(
    readonly job: string,
    readonly failures: readonly { reference: string; error: unknown }[],
  ) {
    super(`${failures.length} message(s) of ${job} not sent yet: ${failures.map((f) => (f.error instanceof Error ? f.error.message : String(f.error))).join('; ')}`, {
      cause: failures[0]?.error,
    });
  }
}

export const processJob = async (deps: NotifierDeps, job: NotificationJob): Promise<Record<Delivery, number>> => {
  const messages = await planMessages(deps, job);
  const counts: Record<Delivery, number> = { sent: 0, found_sent: 0, already_done: 0, undeliverable: 0 };
  const failures: { reference: string; error: unknown }[] = [];
  for (const message of messages) {
    try {
      counts[await deliver(deps, message)] += 1;
    } catch (error) {
      failures.push({ reference: message.reference, error });
    }
  }
  if (failures.length > 0) throw new DeliveryIncomplete(jobKey(job), failures);
  return counts;
};
