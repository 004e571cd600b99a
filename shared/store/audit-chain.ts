// One entity's whole audit chain, read by its own key (oldest first), and the item that says whose it
// is. Read by key, not through a fund's index: a referral's first events (sent, declined) happen
// before any fund pays for it, so the fund's trail does not hold them.
import type { Agreement } from '../domain/agreement.js';
import type { Store } from './client.js';
import { entities } from './entities.js';
import { keys, partitionQuery, sortPrefix } from './keys.js';
import { getItem, queryPage } from './query.js';

export const listChainEvents = (store: Store, chainId: string, limit: number, cursor: string | undefined) =>
  queryPage(store, entities.auditEvent, partitionQuery(keys.auditChain(chainId), sortPrefix.auditEvent), limit, cursor);

export const getAgreementItem = (store: Store, id: string): Promise<Agreement | undefined> => getItem(store, entities.agreement, keys.agreement(id));
