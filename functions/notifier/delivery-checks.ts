// The hourly delivery check: asks Notify for the final status of recent messages, so an e-mail that bounced is noticed within the hour.
//
// It walks the unconfirmed index (messages sent and not yet known delivered or failed) from 72 hours
// ago, oldest first: Notify keeps statuses for 7 days, and a message still not final after 3 days is
// left as it is. Each lookup is one `GET /v2/notifications/{id}`, one after another, at most
// `limit` a run (Notify allows 3,000 requests a minute per key, shared with sending), and the run
// stops starting new ones at `stopAt` so a Lambda invocation ends cleanly. One lookup that fails is
// logged and counted; the others carry on, and the failed one is looked up again next hour.
import type { NotifierDeps } from './deps.js';
import { unconfirmedSince, isFailedStatus } from '../../shared/store/delivery-status.js';
import { checkDeliveryStatus } from './status.js';

export const DELIVERY_CHECK_HOURS = 72;
export const DELIVERY_CHECKS_PER_RUN = 300;
const HOUR_MS = 3_600_000;

export interface DeliveryCheckResult {
  readonly checked: number;
  readonly delivered: number;
  readonly failed: number;
  readonly notFinal: number;
  readonly errors: number;
  /** More messages were waiting than the run looked up; the next run starts with them. */
  readonly more: boolean;
}

export const checkDeliveryStatuses = async (
  deps: NotifierDeps,
  options: { limit?: number; stopAt?: number } = {},
): Promise<DeliveryCheckResult> => {
  const limit = options.limit ?? DELIVERY_CHECKS_PER_RUN;
  const fromAt = new Date(deps.clock().getTime() - DELIVERY_CHECK_HOURS * HOUR_MS).toISOString();
  const counts = { checked: 0, delivered: 0, failed: 0, notFinal: 0, errors: 0 };
  let cursor: string | undefined;
  let more = false;
  do {
    const page = await unconfirmedSince(deps.store, fromAt, Math.min(100, limit - counts.checked), cursor);
    for (const record of page.items) {
      if (options.stopAt !== undefined && Date.now() >= options.stopAt) {
        more = true;
        break;
      }
      counts.checked += 1;
      try {
        // The index holds the whole record, so it is not read again before asking Notify.
        const status = await checkDeliveryStatus(deps, record);
        if (status === 'delivered') counts.delivered += 1;
        else if (isFailedStatus(status)) counts.failed += 1;
        else counts.notFinal += 1;
      } catch (error) {
        counts.errors += 1;
        deps.logger.warn('delivery status not read; checked again next hour', { reference: record.reference, error: error instanceof Error ? error.message : String(error) });
      }
    }
    cursor = page.nextCursor ?? undefined;
    if (more) break;
  } while (cursor && counts.checked < limit);
  return { ...counts, more: more || cursor !== undefined };
};
