// The payable amount item, built in one place for its three sources: a tariff at acceptance, a block
// instalment at agreement creation, and an amount made payable again by a reversal.
import type { Payable } from '../domain/payout-run.js';
import { entities, itemOf } from './entities.js';
import type { TransactItem } from './transact.js';

export interface NewPayable extends Payable {
  /** The agreement period it belongs to (absent for a reversal, which belongs to the line it reverses). */
  readonly periodKey?: string;
  /** The line whose reversal made it payable again. */
  readonly reversalOf?: string;
}

/** The Put of a new open amount: in the fund's open index, by the date it becomes payable, until a draft locks it. */
export const payablePut = (tableName: string, payable: NewPayable): TransactItem => ({
  Put: { TableName: tableName, Item: itemOf(entities.payable, payable, { ...payable, status: 'open' }) },
});
