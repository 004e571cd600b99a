// Acceptance, the hot path: a referral becomes accepted and funded in one all-or-nothing write.
//
//   read referral ─┬─▶ guess: the first candidate agreement ─▶ TransactWriteItems ─▶ accepted
//   read agreements┘   (the provider's, beside the referral)        │ the counter or fund refused
//        ▲                                                          ▼
//        │             choose from consistent reads of counters and funds ─▶ TransactWriteItems
//        └──── a condition failed: someone else got there first ◀───┘
//
//   TransactWriteItems: referral sent→accepted · period counter +1 (≤ capacity) · fund reserve
//   (≥ 0) · ledger movement · payable amount · report aggregates · audit event · activity stats
//
// Capacity and the fund are protected by conditions in the write itself, never by the reads,
// so under any concurrency the counter cannot pass capacity and the fund cannot go negative. That
// is why the common case reads neither: two round trips (the referral and the agreements together,
// then the write), and only a refused guess pays for reading counters and funds.
import { candidateAgreements, type Agreement } from '../domain/agreement.js';
import { EMPTY_CHAIN } from '../domain/audit.js';
import { AppError } from '../domain/errors.js';
import { formatDate } from '../domain/format.js';
import type { IdFactory } from '../domain/ids.js';
import { londonDate } from '../domain/periods.js';
import { assertTransition, responseHours, type Funding, type Referral } from '../domain/referral.js';
import { chooseAgreement, guessAgreement, guessRefused, type Choice } from './acceptance-choice.js';
import {
  acceptanceAggregates,
  acceptanceDimensions,
  acceptedReferralUpdate,
  ACCEPTANCE_ITEM,
  counterIncrement,
  externalRefGuardPut,
  loggedReferralPut,
  tariffItems,
} from './acceptance-items.js';
import { activityStatsUpdate } from './activity-stats.js';
import { auditWrite } from './audit-writes.js';
import type { Store } from './client.js';
import { organisationAgreements } from './funds.js';
import { keys } from './keys.js';
import { itemExists } from './query.js';
import { getReferral, type StoredReferral } from './referrals.js';
import { decideAgain, named, TransactionConditionFailed, transactWrite, type NamedItem } from './transact.js';

export interface AcceptInput {
  readonly at: string;
  readonly actor: string;
  readonly ids: IdFactory;
}

export interface AcceptRequest extends AcceptInput {
  /** The organisation expected to run the activity (the caller's): its agreements are read beside the referral. */
  readonly providerId?: string | undefined;
  /** The caller's access check on the referral as read (absent: undefined); throws to refuse. Runs before anything is decided. */
  readonly admit?: (referral: StoredReferral | undefined) => void | Promise<void>;
}

/** POST /v1/referrals/{id}/accept */
export const acceptReferral = (store: Store, referralId: string, input: AcceptRequest): Promise<StoredReferral> =>
  fundAcceptance(store, input, async () => {
    const [referral, expected] = await Promise.all([
      getReferral(store, referralId),
      input.providerId === undefined ? undefined : organisationAgreements(store, input.providerId),
    ]);
    await input.admit?.(referral);
    if (!referral) throw new AppError('not_found', `No referral ${referralId}.`);
    assertTransition(referral, 'accepted');
    const agreements = input.providerId === referral.organisationId && expected ? expected : await organisationAgreements(store, referral.organisationId);
    return { mode: 'accept', referral, agreements };
  });

/** POST /v1/referrals by a VCSE: a referral accepted through another channel, funded the same way. */
export const logAcceptedReferral = (
  store: Store,
  referral: Referral,
  input: AcceptInput & {
    /** The organisation's agreements as the caller has just read them (to check the date): the first attempt uses them. */
    readonly agreements?: Agreement[];
  },
): Promise<StoredReferral> => {
  let known = input.agreements;
  return fundAcceptance(store, input, async () => {
    // A repeat is a duplicate whatever room is left: say so before choosing an agreement. The
    // guard item in the write still decides between two concurrent first attempts.
    const [repeat, agreements] = await Promise.all([
      itemExists(store, keys.externalRef(referral.organisationId, referral.externalRef ?? '')),
      known ?? organisationAgreements(store, referral.organisationId),
    ]);
    known = undefined;
    if (repeat) throw duplicate(referral);
    return { mode: 'log', referral: { ...referral, auditSeq: EMPTY_CHAIN.auditSeq, auditHash: EMPTY_CHAIN.auditHash }, agreements };
  });
};

type Subject = { mode: 'accept' | 'log'; referral: StoredReferral; agreements: Agreement[] };

const duplicate = (referral: Referral) =>
  new AppError('duplicate_referral', `Referral ${referral.externalRef} was already logged by this organisation.`);

const fundAcceptance = (store: Store, input: AcceptInput, load: () => Promise<Subject>): Promise<StoredReferral> => {
  // Once a guess has been refused, every later attempt chooses from consistent reads.
  let guessing = true;
  // The referral changed (answered elsewhere), or the counter or fund moved under us: read
  // everything again and decide afresh. A referral no longer `sent` ends it with invalid_transition in `load`.
  return decideAgain(
    store,
    async () => {
      const { mode, referral, agreements } = await load();
      const acceptedAt = mode === 'log' ? (referral.acceptedAt ?? input.at) : input.at;
      const date = londonDate(new Date(acceptedAt));
      const candidates = candidateAgreements(agreements, referral.activityId, date);
      if (candidates.length === 0) {
        throw new AppError('no_agreement', `No active agreement covers activity ${referral.activityId} on ${formatDate(date)}.`);
      }
      const write = (chosen: Choice) => acceptWith(store, input, mode, referral, acceptedAt, chosen);
      if (guessing) {
        try {
          return await write(guessAgreement(candidates, date));
        } catch (error) {
          if (!guessRefused(error)) throw error;
          guessing = false;
        }
      }
      return await write(await chooseAgreement(store, candidates, date));
    },
    'Too many simultaneous acceptances; please try again.',
  );
};

/** The write for one chosen agreement; a log whose external reference was taken meanwhile is a duplicate. */
const acceptWith = async (store: Store, input: AcceptInput, mode: Subject['mode'], referral: StoredReferral, acceptedAt: string, chosen: Choice) => {
  const funding: Funding = {
    fundId: chosen.agreement.fundId,
    agreementId: chosen.agreement.id,
    agreementKind: chosen.agreement.kind,
    periodKey: chosen.periodKey,
    tariffPence: chosen.agreement.kind === 'per_referral' ? (chosen.agreement.tariffPence ?? 0) : 0,
  };
  const accepted: StoredReferral = { ...referral, status: 'accepted', acceptedAt, respondedAt: acceptedAt, funding };
  try {
    await transactWrite(store, acceptanceItems(store.tableName, mode, referral, accepted, chosen.agreement, input));
    return { ...accepted, auditSeq: referral.auditSeq + 1 };
  } catch (error) {
    if (mode === 'log' && error instanceof TransactionConditionFailed && error.failed(ACCEPTANCE_ITEM.externalRefGuard)) throw duplicate(referral);
    throw error;
  }
};

/** The whole write, top to bottom. Capacity, the fund and the referral's chain are held by their items' conditions. */
const acceptanceItems = (
  tableName: string,
  mode: Subject['mode'],
  before: StoredReferral,
  accepted: StoredReferral,
  agreement: Agreement,
  input: AcceptInput,
): NamedItem[] => {
  const funding = accepted.funding!;
  const audit = auditWrite(tableName, before, accepted.id, {
    eventId: input.ids('event', new Date(input.at)),
    at: input.at,
    actor: input.actor,
    action: mode === 'log' ? 'referral.logged_accepted' : 'referral.accepted',
    entityId: accepted.id,
    fundId: funding.fundId,
    data: { from: mode === 'log' ? null : 'sent', to: 'accepted', funding, acceptedAt: accepted.acceptedAt, externalRef: accepted.externalRef },
  });
  const dims = acceptanceDimensions(accepted, input.at);
  return [
    ...(mode === 'accept'
      ? [acceptedReferralUpdate(tableName, accepted, funding, audit)]
      : [loggedReferralPut(tableName, { ...accepted, ...audit.headFields }), externalRefGuardPut(tableName, accepted)]),
    counterIncrement(tableName, agreement, funding.periodKey),
    ...(funding.tariffPence > 0 ? tariffItems(tableName, accepted, agreement, funding, dims, input) : []),
    ...acceptanceAggregates(tableName, accepted.id, funding, dims),
    named('auditEvent', { Put: audit.put }),
    named(
      'activityStats',
      activityStatsUpdate(
        tableName,
        accepted.activityId,
        accepted.id,
        mode === 'log' ? { accepted: 1, logged: 1 } : { accepted: 1 },
        mode === 'accept' ? responseHours(before.sentAt, input.at) : undefined,
      ),
    ),
  ];
};
