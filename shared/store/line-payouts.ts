// Which Stripe payout carried a payout line's transfer to the charity's bank, and when it arrives.
import type { Store } from './client.js';
import { keys } from './keys.js';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';

/**
 * Names the payout on the line, only if the line still records this transfer (a retried line has a
 * new transfer, which a later payout carries). Writing the same payout again changes nothing, so a
 * redelivered `payout.paid` is harmless. Returns false when the line did not record this transfer.
 */
export const recordLinePayout = async (
  store: Store,
  line: { runId: string; id: string },
  payout: { transferId: string; payoutId: string; arrivalDate: string },
): Promise<boolean> => {
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: keys.payoutLine(line.runId, line.id),
        UpdateExpression: 'SET stripePayoutId = :payout, payoutArrivalDate = :arrival',
        ConditionExpression: 'stripeTransferId = :transfer',
        ExpressionAttributeValues: { ':payout': payout.payoutId, ':arrival': payout.arrivalDate, ':transfer': payout.transferId },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};
