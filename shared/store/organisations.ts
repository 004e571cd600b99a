// Organisations and activities: creation (with their first audit event), reads and the directory.
import { EMPTY_CHAIN } from '../domain/audit.js';
import type { Activity, Organisation } from '../domain/organisation.js';
import { auditWrite } from './audit-writes.js';
import type { Store } from './client.js';
import { indexKeys, keys } from './keys.js';
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
  const item = {
    ...keys.organisation(organisation.id),
    gsi1pk: indexKeys.organisationList(),
    gsi1sk: organisation.id,
    entity: 'organisation',
    ...organisation,
    ...audit.headFields,
  };
  await transactWrite(store, [
    { Put: { TableName: store.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: audit.put },
  ]);
};

export const getOrganisation = (store: Store, id: string) => getItem<Organisation & Record<string, unknown>>(store, keys.organisation(id));

export const putActivity = async (store: Store, activity: Activity, by: Actor): Promise<void> => {
  const audit = auditWrite(store.tableName, EMPTY_CHAIN, activity.id, {
    eventId: by.eventId,
    at: activity.createdAt,
    actor: by.actor,
    action: 'activity.created',
    entityId: activity.id,
    data: { name: activity.name, category: activity.category, organisationId: activity.organisationId },
  });
  const item = {
    ...keys.activity(activity.id),
    gsi1pk: indexKeys.directory(),
    gsi1sk: activity.id,
    gsi2pk: indexKeys.organisationChildren(activity.organisationId),
    gsi2sk: `ACT#${activity.id}`,
    entity: 'activity',
    ...activity,
    ...audit.headFields,
  };
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

export const getActivity = (store: Store, id: string) => getItem<Activity & Record<string, unknown>>(store, keys.activity(id));

export const listActivities = (
  store: Store,
  filter: { category?: string | undefined; organisationId?: string | undefined },
  limit: number,
  cursor: string | undefined,
): Promise<Page<Activity>> => {
  const byOrganisation = filter.organisationId !== undefined;
  return queryPage<Activity & Record<string, unknown>>(
    store,
    {
      IndexName: byOrganisation ? 'gsi2' : 'gsi1',
      KeyConditionExpression: byOrganisation ? 'gsi2pk = :pk AND begins_with(gsi2sk, :act)' : 'gsi1pk = :pk',
      ...(filter.category ? { FilterExpression: 'category = :category' } : {}),
      ExpressionAttributeValues: {
        ':pk': byOrganisation ? indexKeys.organisationChildren(filter.organisationId!) : indexKeys.directory(),
        ...(byOrganisation ? { ':act': 'ACT#' } : {}),
        ...(filter.category ? { ':category': filter.category } : {}),
      },
    },
    limit,
    cursor,
  );
};

/** The STATS counters of each activity asked for, keyed by activity id. */
export const readActivityStats = async (store: Store, activityIds: readonly string[]) => {
  const found = await batchGet(store, activityIds.map((id) => ({ pk: `ACT#${id}`, sk: 'STATS' })));
  return new Map(activityIds.map((id) => [id, found.get(`ACT#${id}|STATS`)]));
};
