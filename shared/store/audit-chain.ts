// One entity's whole audit chain, read by its own key (oldest first), and the item that says whose it
// is. Read by key, not through a fund's index: a referral's first events (sent, declined) happen
// before any fund pays for it, so the fund's trail does not hold them.
import type { Agreement } from '../domain/agreement.js';
import type { Store } from './client.js';
import { entities } from './entities.js';
import { keys, partitionQuery, sortPrefix } from './keys.js';
import type { AuditFilter } from './audit.js';
import { getItem, queryPage } from './query.js';

/** The chain's events in order; action and time narrow it as they narrow a fund's trail. */
export const listChainEvents = (store: Store, chainId: string, limit: number, cursor: string | undefined, filter: AuditFilter = {}) => {
  const base = partitionQuery(keys.auditChain(chainId), sortPrefix.auditEvent);
  const conditions = [
    ...(filter.action ? [filter.action.endsWith('.') ? 'begins_with(#action, :action)' : '#action = :action'] : []),
    ...(filter.fromAt ? ['#at >= :fromAt'] : []),
    ...(filter.beforeAt ? ['#at < :beforeAt'] : []),
  ];
  const names = { ...(filter.action ? { '#action': 'action' } : {}), ...(filter.fromAt || filter.beforeAt ? { '#at': 'at' } : {}) };
  return queryPage(
    store,
    entities.auditEvent,
    {
      ...base,
      ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND '), ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: {
        ...base.ExpressionAttributeValues,
        ...(filter.action ? { ':action': filter.action } : {}),
        ...(filter.fromAt ? { ':fromAt': filter.fromAt } : {}),
        ...(filter.beforeAt ? { ':beforeAt': filter.beforeAt } : {}),
      },
    },
    limit,
    cursor,
  );
};

export const getAgreementItem = (store: Store, id: string): Promise<Agreement | undefined> => getItem(store, entities.agreement, keys.agreement(id));
