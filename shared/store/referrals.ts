// Referrals: sending, reading, listing, and the answers that are not acceptance (decline, withdraw, expire, outcome).
import { EMPTY_CHAIN } from '../domain/audit.js';
import { AppError } from '../domain/errors.js';
import type { DeclineReasonCode } from '../domain/referral-details.js';
import { assertOutcomeAllowed, assertTransition, responseHours, type Outcome, type Referral } from '../domain/referral.js';
import { activityStatsUpdate } from './activity-stats.js';
import { auditedUpdate, auditWrite } from './audit-writes.js';
import type { Store } from './client.js';
import { entities, itemOf } from './entities.js';
import { accessPatterns, keys, leavesIndex } from './keys.js';
import { referralLists } from './keys-referral-lists.js';
import type { Actor } from './organisations.js';
import type { Page } from './pagination.js';
import { getItem, queryPage } from './query.js';
import { listIndexedReferrals, type IndexedView, type ListFilter } from './referral-index.js';
import { decideAgain, transactWrite, type TransactItem } from './transact.js';

export type StoredReferral = Referral & { auditSeq: number; auditHash: string };

export const putSentReferral = async (store: Store, referral: Referral, by: Actor): Promise<void> => {
  const audit = auditWrite(store.tableName, EMPTY_CHAIN, referral.id, {
    eventId: by.eventId,
    at: referral.sentAt,
    actor: by.actor,
    action: 'referral.sent',
    entityId: referral.id,
    data: { activityId: referral.activityId, source: referral.source, respondBy: referral.respondBy },
  });
  await transactWrite(store, [
    {
      Put: {
        TableName: store.tableName,
        Item: itemOf(entities.referral, referral, { ...referral, ...audit.headFields }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: audit.put },
    activityStatsUpdate(store.tableName, referral.activityId, referral.id, { sent: 1 }),
  ]);
};

export const getReferral = (store: Store, id: string): Promise<StoredReferral | undefined> => getItem(store, entities.referral, keys.referral(id));

/**
 * A page of the referrals a view may see. A VCSE's and a referrer's come from their own partitions
 * (oldest first, as before); a commissioner's and a fund manager's from the list indexes, newest
 * first (`referral-index.ts`).
 */
export const listReferrals = (
  store: Store,
  view: { by: 'provider' | 'referrer'; organisationId: string } | IndexedView,
  filter: ListFilter,
  limit: number,
  cursor: string | undefined,
): Promise<Page<Referral>> => {
  if (view.by === 'all' || view.by === 'funds') return listIndexedReferrals(store, view, filter, limit, cursor);
  const conditions: string[] = [];
  const values: Record<string, string> = {};
  if (filter.status) (conditions.push('#status = :status'), (values[':status'] = filter.status));
  if (filter.activityId) (conditions.push('activityId = :activity'), (values[':activity'] = filter.activityId));
  const query =
    view.by === 'provider'
      ? accessPatterns.providerReferrals(view.organisationId)
      : accessPatterns.referrerReferrals(view.organisationId);
  return queryPage(
    store,
    entities.referral,
    {
      ...query,
      ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
      ...(filter.status ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
      ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ...values },
    },
    limit,
    cursor,
  );
};

export type AnswerChange =
  | { to: 'declined'; reason: string | null; reasonCode: DeclineReasonCode }
  | { to: 'withdrawn'; reason?: string | null }
  | { to: 'expired' }
  | { to: 'outcome'; outcome: Outcome };

/** Why it was declined or withdrawn, as the answer gave it. */
const answerReasons = (change: AnswerChange): Partial<Referral> =>
  change.to === 'declined'
    ? { declineReason: change.reason, declineReasonCode: change.reasonCode }
    : change.to === 'withdrawn' && change.reason
      ? { withdrawReason: change.reason }
      : {};

export interface AnswerInput {
  readonly referralId: string;
  readonly at: string;
  readonly actor: string;
  readonly eventId: string;
}

/**
 * Moves a sent referral to declined, withdrawn or expired, or records an outcome. Conditioned on the
 * referral being exactly as read (status and audit sequence), so a concurrent answer loses cleanly.
 */
export const answerReferral = (store: Store, input: AnswerInput & AnswerChange): Promise<StoredReferral> =>
  // Someone else changed the referral since we read it: read again and re-decide.
  decideAgain(
    store,
    async () => {
      const referral = await getReferral(store, input.referralId);
      if (!referral) throw new AppError('not_found', `No referral ${input.referralId}.`);
      if (input.to === 'outcome') assertOutcomeAllowed(referral);
      else assertTransition(referral, input.to);

      const changes: Partial<Referral> =
        input.to === 'outcome'
          ? { outcome: input.outcome, outcomeAt: input.at }
          : { status: input.to, respondedAt: input.to === 'withdrawn' ? referral.respondedAt : input.at, ...answerReasons(input) };
      const audit = auditWrite(store.tableName, referral, referral.id, {
        eventId: input.eventId,
        at: input.at,
        actor: input.actor,
        action: input.to === 'outcome' ? 'referral.outcome_recorded' : `referral.${input.to}`,
        entityId: referral.id,
        fundId: referral.funding?.fundId ?? null,
        data: { from: { status: referral.status, outcome: referral.outcome }, to: changes },
      });
      const items: TransactItem[] = [
        auditedUpdate(store.tableName, keys.referral(referral.id), audit, {
          // The referral's lists follow its status (and a referral written before them joins them now).
          set: { ...changes, ...referralLists.indexes({ ...referral, ...changes }) },
          // Leaving `sent` also leaves the awaiting-answer index.
          ...(input.to === 'outcome' ? {} : { remove: [leavesIndex.awaitingResponse] }),
          condition: { expression: '#status = :from', names: { '#status': 'status' }, values: { ':from': referral.status } },
        }),
        { Put: audit.put },
      ];
      if (input.to !== 'outcome') {
        const answered = input.to === 'declined' ? responseHours(referral.sentAt, input.at) : undefined;
        items.push(activityStatsUpdate(store.tableName, referral.activityId, referral.id, { [input.to]: 1 }, answered));
      }
      await transactWrite(store, items);
      return { ...referral, ...changes, ...audit.headFields };
    },
    'The referral kept changing; please try again.',
  );
