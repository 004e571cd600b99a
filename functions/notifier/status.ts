// Delivery status read back from Notify for a message sent, and kept on its delivery record.
import { recordDeliveryStatus } from '../../shared/store/delivery-status.js';
import { getDelivery, type DeliveryRecord } from '../../shared/store/notifications-sent.js';
import type { NotifierDeps } from './deps.js';

/** Notify's status for a message sent (delivered, permanent-failure, …), kept on its record: for a record already read. */
export const checkDeliveryStatus = async (deps: NotifierDeps, record: DeliveryRecord & { readonly notifyId: string }): Promise<string> => {
  const { status } = await deps.notify.getStatus(record.notifyId);
  await recordDeliveryStatus(deps.store, record, status, deps.clock().toISOString());
  return status;
};

/** The same for the message sent under `reference`, or undefined if none was sent. */
export const refreshDeliveryStatus = async (deps: NotifierDeps, reference: string): Promise<string | undefined> => {
  const record = await getDelivery(deps.store, reference);
  return record?.notifyId ? checkDeliveryStatus(deps, { ...record, notifyId: record.notifyId }) : undefined;
};
