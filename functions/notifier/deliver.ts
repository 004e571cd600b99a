// Sends one planned message at most once, whatever retries, crashes or duplicate events come.
//
//   claim the reference ──▶ an earlier attempt? ask Notify by reference ──▶ found: record it, done
//                                   │ no                                      │ not found
//                                   ▼                                         ▼
//                               send email ──▶ record sent (or undeliverable on a 400)
// A crash after Notify accepted the message but before it was recorded leaves the claim in
// `sending`; the next attempt, once the lease has run out, finds the message by its reference.
import { NotifyError } from '../../shared/notify/client.js';
import { claimDelivery, markDelivered, markUndeliverable, releaseDelivery } from '../../shared/store/notifications-sent.js';
import type { NotifierDeps } from './deps.js';
import type { PlannedMessage } from './plan.js';

export type Delivery = 'sent' | 'found_sent' | 'already_done' | 'undeliverable';

/** Another worker holds the message (or held it until a crash): try again once its lease has run out. */
export class DeliveryBusy extends Error {
  override readonly name = 'DeliveryBusy';
}

export const deliver = async (deps: NotifierDeps, message: PlannedMessage): Promise<Delivery> => {
  const at = deps.clock().toISOString();
  const claim = await claimDelivery(deps.store, { reference: message.reference, kind: message.kind, email: message.email, organisationId: message.organisationId, at, leaseMs: deps.leaseMs });
  if (claim.outcome === 'done') return 'already_done';
  if (claim.outcome === 'busy') throw new DeliveryBusy(`Message ${message.reference} is being sent by another attempt until ${claim.record.leaseUntil}.`);
  try {
    if (claim.earlierAttempt) {
      const found = await deps.notify.findByReference(message.reference);
      if (found) {
        await markDelivered(deps.store, message.reference, found.id, deps.clock().toISOString());
        return 'found_sent';
      }
    }
    const sent = await deps.notify.sendEmail({
      templateId: deps.templates[message.kind],
      emailAddress: message.email,
      personalisation: message.personalisation,
      reference: message.reference,
      emailReplyToId: deps.emailReplyToId,
    });
    await markDelivered(deps.store, message.reference, sent.id, deps.clock().toISOString());
    return 'sent';
  } catch (error) {
    if (error instanceof NotifyError && !error.retryable) {
      deps.logger.error('Notify refused a message for good', { reference: message.reference, kind: message.kind, status: error.status, errors: error.errors });
      await markUndeliverable(deps.store, message.reference, error.message, deps.clock().toISOString());
      return 'undeliverable';
    }
    // Unknown outcome or a retryable refusal: the claim is released now, and the next attempt
    // asks Notify by reference before sending, in case this one reached it after all.
    await releaseDelivery(deps.store, message.reference, deps.clock().toISOString(), error instanceof Error ? error.message : String(error)).catch(() => undefined);
    throw error;
  }
};
