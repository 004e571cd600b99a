// A ledger movement and the fund figures it moves, always written together in one transaction.
import type { Account, Movement } from '../domain/ledger.js';
import { entities, itemOf } from './entities.js';
import { keys } from './keys.js';
import type { TransactItem } from './transact.js';

const FIGURE: Record<Account, string | undefined> = {
  // The funding account is outside the fund: creating a fund sets its figures directly.
  funding: undefined,
  available: 'availablePence',
  reserved: 'reservedPence',
  paid: 'paidPence',
};

/**
 * The fund update (first) and the ledger entry (second) for a movement between two of the fund's
 * own accounts. The update is conditioned on the account it takes from covering the amount, so no
 * figure of a fund can ever go below zero.
 */
export const movementItems = (tableName: string, m: Movement): [TransactItem, TransactItem] => {
  const from = FIGURE[m.from];
  const to = FIGURE[m.to];
  if (!from || !to) throw new Error(`movementItems moves money within a fund, not ${m.from} → ${m.to}`);
  return [
    {
      Update: {
        TableName: tableName,
        Key: keys.fund(m.fundId),
        UpdateExpression: `SET ${from} = ${from} - :amount, ${to} = ${to} + :amount`,
        ConditionExpression: `${from} >= :amount`,
        ExpressionAttributeValues: { ':amount': m.amountPence },
      },
    },
    { Put: { TableName: tableName, Item: itemOf(entities.movement, m) } },
  ];
};
