// Lists a screen needs to find things without knowing their ids: funds, organisations, a fund's runs.
import type { Agreement } from '../domain/agreement.js';
import type { Organisation, OrganisationKind } from '../domain/organisation.js';
import type { Store } from './client.js';
import { getFund, managedFundIds, organisationAgreements, type StoredFund } from './funds.js';
import { indexKeys } from './keys.js';
import type { Page } from './pagination.js';
import { getRun, type StoredRun } from './payout-runs.js';
import { queryPage } from './query.js';

/** Every fund, in id (creation) order: commissioners and admins. */
export const listAllFunds = (store: Store, limit: number, cursor: string | undefined): Promise<Page<StoredFund>> =>
  queryPage<StoredFund & Record<string, unknown>>(
    store,
    { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': indexKeys.fundList() } },
    limit,
    cursor,
  );

/** The funds one organisation manages (a handful), read whole. */
export const listManagedFunds = async (store: Store, organisationId: string): Promise<StoredFund[]> => {
  const funds = await Promise.all((await managedFundIds(store, organisationId)).map((id) => getFund(store, id)));
  return funds.filter((f) => f !== undefined);
};

/** Organisations in id order, optionally of one kind. */
export const listOrganisations = (store: Store, kind: OrganisationKind | undefined, limit: number, cursor: string | undefined): Promise<Page<Organisation>> =>
  queryPage<Organisation & Record<string, unknown>>(
    store,
    {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ...(kind ? { FilterExpression: 'kind = :kind' } : {}),
      ExpressionAttributeValues: { ':pk': indexKeys.organisationList(), ...(kind ? { ':kind': kind } : {}) },
    },
    limit,
    cursor,
  );

/** A fund's payout runs, newest first (run ids are time-ordered). */
export const listFundRuns = async (store: Store, fundId: string, limit: number, cursor: string | undefined): Promise<Page<StoredRun>> => {
  const page = await queryPage<{ id: string } & Record<string, unknown>>(
    store,
    {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.fundRuns(fundId) },
      ScanIndexForward: false,
    },
    limit,
    cursor,
  );
  // Read each run by its key for its progress counters, which the index copy may lag behind.
  const runs = await Promise.all(page.items.map((r) => getRun(store, r.id)));
  return { items: runs.filter((r) => r !== undefined), nextCursor: page.nextCursor };
};

/** An organisation's agreements across funds, optionally only those in `fundIds`. */
export const listOrganisationAgreements = async (store: Store, organisationId: string, fundIds?: ReadonlySet<string>): Promise<Agreement[]> => {
  const all = await organisationAgreements(store, organisationId);
  return all.filter((a) => !fundIds || fundIds.has(a.fundId)).sort((a, b) => a.fundId.localeCompare(b.fundId) || a.id.localeCompare(b.id));
};
