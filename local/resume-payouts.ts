// On `npm start`: dispatches runs left approved or part-paid by an earlier stop (SQS redelivery does this in AWS).
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { PayoutDispatcher } from '../functions/runtime/payouts.js';
import type { Store } from '../shared/store/client.js';

export const resumePayoutRuns = async (store: Store, payouts: PayoutDispatcher): Promise<number> => {
  let resumed = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new ScanCommand({
        TableName: store.tableName,
        FilterExpression: 'entity = :run AND #status IN (:approved, :paying)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':run': 'payout_run', ':approved': 'approved', ':paying': 'paying' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const run of page.Items ?? []) {
      await payouts.dispatch(String(run.id));
      resumed += 1;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return resumed;
};
