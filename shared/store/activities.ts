// Activities beyond creation: their details, changes by their provider, the directory's search, and funding availability.
import { activityDetails, searchText, type ActivityDetails } from '../domain/activity.js';
import type { FundingPicture } from '../domain/activity-availability.js';
import type { Agreement } from '../domain/agreement.js';
import { AppError } from '../domain/errors.js';
import { periodKey } from '../domain/periods.js';
import { auditWrite } from './audit-writes.js';
import type { Store } from './client.js';
import { organisationAgreements } from './funds.js';
import { entities } from './entities.js';
import { accessPatterns, keyId, keys } from './keys.js';
import type { Actor } from './organisations.js';
import { invalidCursor, type Page } from './pagination.js';
import { batchGet, getItem, queryAll, queryPage } from './query.js';
import { named, TransactionConditionFailed, transactWrite } from './transact.js';
import { auditedUpdate } from './audit-writes.js';

type StoredActivity = ActivityDetails & { auditSeq: number; auditHash: string };

export const getActivityDetails = async (store: Store, id: string): Promise<StoredActivity | undefined> => {
  const item = await getItem(store, entities.activity, keys.activity(id));
  return item && { ...activityDetails(item as typeof item & Partial<ActivityDetails>), auditSeq: item.auditSeq, auditHash: item.auditHash };
};

export type ActivityChanges = Partial<Pick<ActivityDetails, 'name' | 'description' | 'category' | 'postcode' | 'when' | 'where' | 'contact' | 'publicContact' | 'status'>>;

/**
 * Applies a provider's changes and appends `activity.updated` to the activity's chain, in one write
 * conditioned on the activity being exactly as read, so two editors cannot lose each other's change.
 */
export const updateActivity = async (store: Store, before: StoredActivity, changes: ActivityChanges, by: Actor & { at: string }): Promise<StoredActivity> => {
  const after = { ...before, ...changes, updatedAt: by.at };
  const audit = auditWrite(store.tableName, before, before.id, {
    eventId: by.eventId,
    at: by.at,
    actor: by.actor,
    action: 'activity.updated',
    entityId: before.id,
    data: { changes },
  });
  try {
    await transactWrite(store, [
      named('activity', auditedUpdate(store.tableName, keys.activity(before.id), audit, { set: { ...changes, updatedAt: by.at, searchText: searchText(after) } })),
      { Put: audit.put },
    ]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failed('activity')) {
      throw new AppError('invalid_transition', `Activity ${before.id} was changed by someone else meanwhile; read it again and repeat your change.`, { cause: error });
    }
    throw error;
  }
  return { ...after, ...audit.headFields };
};

export interface DirectoryFilter {
  readonly category?: string | undefined;
  readonly organisationId?: string | undefined;
  /** Words that must each appear in the name or description (case-insensitive). */
  readonly words?: readonly string[];
  /** Closed activities are left out of the directory, but listed on their own organisation's page. */
  readonly includeClosed: boolean;
}

const directoryQuery = (filter: DirectoryFilter) => {
  const base = filter.organisationId !== undefined ? accessPatterns.organisationActivities(filter.organisationId) : accessPatterns.directory();
  const conditions: string[] = [];
  const values: Record<string, unknown> = { ...base.ExpressionAttributeValues };
  if (filter.category) (conditions.push('category = :category'), (values[':category'] = filter.category));
  // Stored before search existed: no searchText, so such activities match no words (re-saving one indexes it).
  (filter.words ?? []).forEach((word, i) => (conditions.push(`contains(searchText, :w${i})`), (values[`:w${i}`] = word)));
  if (!filter.includeClosed) (conditions.push('(attribute_not_exists(#status) OR #status <> :closed)'), (values[':closed'] = 'closed'));
  return {
    ...base,
    ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
    ...(filter.includeClosed ? {} : { ExpressionAttributeNames: { '#status': 'status' } }),
    ExpressionAttributeValues: values,
  };
};

/** A page of the directory in id order (newest last). */
export const listDirectory = async (store: Store, filter: DirectoryFilter, limit: number, cursor: string | undefined): Promise<Page<ActivityDetails>> => {
  const page = await queryPage(store, entities.activity, directoryQuery(filter), limit, cursor);
  return { items: page.items.map((a) => activityDetails(a as typeof a & Partial<ActivityDetails>)), nextCursor: page.nextCursor };
};

/** Every activity matching the filter: for ordering by distance, which needs them all (the directory is hundreds, not millions). */
export const listWholeDirectory = async (store: Store, filter: DirectoryFilter): Promise<ActivityDetails[]> =>
  (await queryAll(store, entities.activity, directoryQuery(filter))).map((a) => activityDetails(a as typeof a & Partial<ActivityDetails>));

/** Cursors for a list ordered in memory: the position of the next item. */
export const offsetCursor = {
  encode: (offset: number, total: number): string | null => (offset < total ? Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url') : null),
  decode: (cursor: string | undefined): number => {
    if (!cursor) return 0;
    try {
      const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      const offset = (parsed as { offset?: unknown } | null)?.offset;
      if (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0) return offset;
    } catch {
      // Falls through to the validation error.
    }
    throw invalidCursor();
  },
};

/**
 * What acceptance would see today for each organisation's activities: its agreements, this period's
 * counters and its funds' available money. One query per organisation and one batch read in all.
 */
export const fundingPictures = async (store: Store, organisationIds: readonly string[], today: string): Promise<Map<string, FundingPicture>> => {
  const unique = [...new Set(organisationIds)];
  const agreementsByOrg = new Map<string, Agreement[]>(
    await Promise.all(unique.map(async (id) => [id, await organisationAgreements(store, id)] as [string, Agreement[]])),
  );
  const current = [...agreementsByOrg.values()].flat().filter((a) => a.startsOn <= today && today <= a.endsOn);
  const counterKeys = current.map((a) => keys.periodCounter(a.id, periodKey(a.period, today, a.startsOn)));
  const fundIds = [...new Set(current.map((a) => a.fundId))];
  const [counters, funds] = await Promise.all([
    batchGet(store, entities.periodCounter, counterKeys),
    batchGet(store, entities.fund, fundIds.map((id) => keys.fund(id))),
  ]);
  const used = new Map(current.map((a, i) => [a.id, counters.get(keyId(counterKeys[i]!))?.used ?? 0]));
  const fundAvailable = new Map(fundIds.map((id) => [id, funds.get(keyId(keys.fund(id)))?.availablePence ?? 0]));
  const responseDeadlineDays = new Map(fundIds.flatMap((id) => {
    const fund = funds.get(keyId(keys.fund(id)));
    return fund ? [[id, fund.responseDeadlineDays] as const] : [];
  }));
  return new Map(unique.map((id) => [id, { agreements: agreementsByOrg.get(id) ?? [], used, fundAvailable, responseDeadlineDays }]));
};

/** The organisations that run these activities, by id. */
export const providersOf = async (store: Store, organisationIds: readonly string[]) => {
  const found = await batchGet(store, entities.organisation, organisationIds.map((id) => keys.organisation(id)));
  return new Map(organisationIds.flatMap((id) => {
    const org = found.get(keyId(keys.organisation(id)));
    return org ? [[id, org] as const] : [];
  }));
};
