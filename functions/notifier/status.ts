// Delivery status read back from Notify for a message sent, and kept on its delivery record.
import { recordDeliveryStatus } from '../../shared/store/delivery-status.js';
import { getDelivery } from '../../shared/store/notifications-sent.js';
import type { NotifierDeps } from './deps.js';

/** Notify's status for the message sent under `reference` (delivered, permanent-failure, …), or undefined if none was sent. */
export const refreshDeliveryStatus = async (deps: NotifierDeps, reference: string): Promise<string | undefined> => {
  const record = await getDelivery(deps.store, reference);
  if (!record?.notifyId) return undefined;
  const { status } = await deps.notify.getStatus(record.notifyId);
  await recordDeliveryStatus(deps.store, record, status, deps.clock().toISOString());
  return status;
};
