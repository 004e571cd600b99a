// Organisations and activities: creation (with their first audit event), reads and the directory.
import { EMPTY_CHAIN } from '../domain/audit.js';
import type { Activity, Organisation } from '../domain/organisation.js';
import { auditWrite } from './audit-writes.js';
import type { Store } from './client.js';
import { entities, itemOf } from './entities.js';
import { accessPatterns, keys } from './keys.js';
import type { Page } from './pagination.js';
import { batchGet, getItem, queryPage } from './query.js';
import { transactWrite } from './transact.js';

export interface Actor {
  readonly actor: string;
  readonly eventId: string;
}

export const putOrganisation = async (store: Store, organisation: Organisation, by: Actor): Promise<void> => {
  const audit = auditWrite(store.tableName, EMPTY_CHAIN, organisation.id, {
    eventId: by.eventId,
    at: organisation.createdAt,
    actor: by.actor,
    action: 'organisation.created',
    entityId: organisation.id,
    data: { name: organisation.name, kind: organisation.kind },
  });
  const item = itemOf(entities.organisation, organisation, { ...organisation, ...audit.headFields });
  await transactWrite(store, [
    { Put: { TableName: store.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: audit.put },
  ]);
};

export type StoredOrganisation = Organisation & { auditSeq: number; auditHash: string };

export const getOrganisation = (store: Store, id: string): Promise<StoredOrganisation | undefined> =>
  getItem(store, entities.organisation, keys.organisation(id));

export const putActivity = async (store: Store, activity: Activity, by: Actor): Promise<void> => {
  const audit = auditWrite(store.tableName, EMPTY_CHAIN, activity.id, {
    eventId: by.eventId,
    at: activity.createdAt,
    actor: by.actor,
    action: 'activity.created',
    entityId: activity.id,
    data: { name: activity.name, category: activity.category, organisationId: activity.organisationId },
  });
  const item = itemOf(entities.activity, activity, { ...activity, ...audit.headFields });
  await transactWrite(store, [
    { Put: { TableName: store.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    // The organisation must still exist when its activity is created.
    {
      ConditionCheck: {
        TableName: store.tableName,
        Key: keys.organisation(activity.organisationId),
        ConditionExpression: 'attribute_exists(pk)',
      },
    },
    { Put: audit.put },
  ]);
};

export const getActivity = (store: Store, id: string): Promise<Activity | undefined> => getItem(store, entities.activity, keys.activity(id));

export const listActivities = (
  store: Store,
  filter: { category?: string | undefined; organisationId?: string | undefined },
  limit: number,
  cursor: string | undefined,
): Promise<Page<Activity>> => {
  const byOrganisation = filter.organisationId !== undefined;
  const query = byOrganisation
    ? accessPatterns.organisationActivities(filter.organisationId!)
    : accessPatterns.directory();
  return queryPage(
    store,
    entities.activity,
    {
      ...query,
      ...(filter.category ? { FilterExpression: 'category = :category' } : {}),
      ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ...(filter.category ? { ':category': filter.category } : {}) },
    },
    limit,
    cursor,
  );
};

/** Kept here for the routes that read it with the organisation's other reads; sharded, see activity-stats.ts. */
export { readActivityStats } from './activity-stats.js';

/** Organisations by id in batched reads; ids not found are absent from the map. */
export const organisationsByIds = async (store: Store, ids: readonly string[]): Promise<Map<string, Organisation>> => {
  const found = await batchGet(store, entities.organisation, [...new Set(ids)].map((id) => keys.organisation(id)));
  return new Map([...found.values()].map((org) => [org.id, org]));
};
