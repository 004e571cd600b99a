// The response deadline: referrals left unanswered past `respondBy` become expired. Safe to run twice.
import { SYSTEM_ACTORS } from '../domain/actor-names.js';
import type { IdFactory } from '../domain/ids.js';
import { AppError } from '../domain/errors.js';
import type { Store } from './client.js';
import { entities } from './entities.js';
import { accessPatterns } from './keys.js';
import { queryPage } from './query.js';
import { answerReferral } from './referrals.js';

export const EXPIRY_ACTOR = SYSTEM_ACTORS.responseDeadline;

export interface ExpiryResult {
  readonly expired: number;
  readonly skipped: number;
}

/**
 * Walks the awaiting-answer index (only `sent` referrals are in it) up to `now`. Each expiry is
 * conditioned on the referral still being sent, so a concurrent answer or a second run is harmless.
 */
export const expireOverdueReferrals = async (store: Store, now: Date, ids: IdFactory, batchSize = 100): Promise<ExpiryResult> => {
  let expired = 0;
  let skipped = 0;
  let cursor: string | undefined;
  do {
    const page = await queryPage(store, entities.referral, accessPatterns.overdueReferrals(now.toISOString()), batchSize, cursor);
    for (const referral of page.items) {
      try {
        await answerReferral(store, { referralId: referral.id, to: 'expired', at: now.toISOString(), actor: EXPIRY_ACTOR, eventId: ids('event', now) });
        expired += 1;
      } catch (error) {
        // Answered (or expired by another run) since the index was read: nothing to do.
        if (error instanceof AppError && error.code === 'invalid_transition') skipped += 1;
        else throw error;
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { expired, skipped };
};
