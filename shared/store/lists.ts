// Lists a screen needs to find things without knowing their ids: funds, organisations, a fund's runs.
import type { Agreement } from '../domain/agreement.js';
import type { OrganisationKind } from '../domain/organisation.js';
import type { Store } from './client.js';
import { entities } from './entities.js';
import { managedFundIds, organisationAgreements, type StoredFund } from './funds.js';
import { accessPatterns, keyId, keys } from './keys.js';
import type { StoredOrganisation } from './organisations.js';
import type { Page } from './pagination.js';
import { withProgress, type StoredRun } from './payout-run-item.js';
import { batchGet, queryPage } from './query.js';

/** Every fund, in id (creation) order: commissioners and admins. */
export const listAllFunds = (store: Store, limit: number, cursor: string | undefined): Promise<Page<StoredFund>> =>
  queryPage(store, entities.fund, accessPatterns.funds(), limit, cursor);

/** The funds one organisation manages (a handful), read again by key in one batch: an index copy may show its money a moment behind. */
export const listManagedFunds = async (store: Store, organisationId: string): Promise<StoredFund[]> => {
  const ids = await managedFundIds(store, organisationId);
  const funds = await batchGet(store, entities.fund, ids.map((id) => keys.fund(id)));
  return ids.flatMap((id) => funds.get(keyId(keys.fund(id))) ?? []);
};

/** Organisations in id order, optionally of one kind. */
export const listOrganisations = (store: Store, kind: OrganisationKind | undefined, limit: number, cursor: string | undefined): Promise<Page<StoredOrganisation>> => {
  const query = accessPatterns.organisations();
  return queryPage(
    store,
    entities.organisation,
    {
      ...query,
      ...(kind ? { FilterExpression: 'kind = :kind' } : {}),
      ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ...(kind ? { ':kind': kind } : {}) },
    },
    limit,
    cursor,
  );
};

/** A fund's payout runs, newest first (run ids are time-ordered). */
export const listFundRuns = async (store: Store, fundId: string, limit: number, cursor: string | undefined): Promise<Page<StoredRun>> => {
  const page = await queryPage(store, entities.payoutRun, { ...accessPatterns.fundRuns(fundId), ScanIndexForward: false }, limit, cursor);
  // Read again by key for the progress counters, which an index copy may show a moment behind.
  const runs = await batchGet(store, entities.payoutRun, page.items.map((r) => keys.payoutRun(r.id)));
  const items = page.items.map((r) => runs.get(keyId(keys.payoutRun(r.id))) ?? r).map(withProgress);
  return { items, nextCursor: page.nextCursor };
};

/** An organisation's agreements across funds, optionally only those in `fundIds`. */
export const listOrganisationAgreements = async (store: Store, organisationId: string, fundIds?: ReadonlySet<string>): Promise<Agreement[]> => {
  const all = await organisationAgreements(store, organisationId);
  return all.filter((a) => !fundIds || fundIds.has(a.fundId)).sort((a, b) => a.fundId.localeCompare(b.fundId) || a.id.localeCompare(b.id));
};
