// Acceptance, the hot path: a referral becomes accepted and funded in one all-or-nothing write.
//
//   read referral ─▶ read the organisation's agreements ─▶ read their counters (and funds)
//        ▲                                                         │ choose the first with room
//        └──── a condition failed: someone else got there first ◀─┤
//                                                                  ▼
//   TransactWriteItems: referral sent→accepted · period counter +1 (≤ capacity) · fund reserve
//   (≥ 0) · ledger movement · payable amount · report aggregates · audit event · activity stats
//
// Capacity and the fund are protected by conditions in the write itself, never by the reads,
// so under any concurrency the counter cannot pass capacity and the fund cannot go negative.
import { candidateAgreements, hasRoom, type Agreement } from '../domain/agreement.js';
import { EMPTY_CHAIN } from '../domain/audit.js';
import { AppError } from '../domain/errors.js';
import { formatDate } from '../domain/format.js';
import type { IdFactory } from '../domain/ids.js';
import { londonDate, periodKey } from '../domain/periods.js';
import { assertTransition, responseHours, type Funding, type Referral } from '../domain/referral.js';
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
import { auditWrite } from './audit-writes.js';
import type { Store } from './client.js';
import { entities } from './entities.js';
import { organisationAgreements } from './funds.js';
import { keyId, keys } from './keys.js';
import { batchGet, itemExists } from './query.js';
import { activityStatsUpdate, getReferral, type StoredReferral } from './referrals.js';
import { decideAgain, named, TransactionConditionFailed, transactWrite, type NamedItem } from './transact.js';

export interface AcceptInput {
  readonly at: string;
  readonly actor: string;
  readonly ids: IdFactory;
}

/** POST /v1/referrals/{id}/accept */
export const acceptReferral = (store: Store, referralId: string, input: AcceptInput): Promise<StoredReferral> =>
  fundAcceptance(store, input, async () => {
    const referral = await getReferral(store, referralId);
    if (!referral) throw new AppError('not_found', `No referral ${referralId}.`);
    assertTransition(referral, 'accepted');
    return { mode: 'accept', referral };
  });

/** POST /v1/referrals by a VCSE: a referral accepted through another channel, funded the same way. */
export const logAcceptedReferral = (store: Store, referral: Referral, input: AcceptInput): Promise<StoredReferral> =>
  fundAcceptance(store, input, async () => {
    // A repeat is a duplicate whatever room is left: say so before choosing an agreement. The
    // guard item in the write still decides between two concurrent first attempts.
    if (await itemExists(store, keys.externalRef(referral.organisationId, referral.externalRef ?? ''))) {
      throw duplicate(referral);
    }
    return { mode: 'log', referral: { ...referral, auditSeq: EMPTY_CHAIN.auditSeq, auditHash: EMPTY_CHAIN.auditHash } };
  });

type Subject = { mode: 'accept' | 'log'; referral: StoredReferral };

const duplicate = (referral: Referral) =>
  new AppError('duplicate_referral', `Referral ${referral.externalRef} was already logged by this organisation.`);

const fundAcceptance = (store: Store, input: AcceptInput, load: () => Promise<Subject>): Promise<StoredReferral> =>
  // The referral changed (answered elsewhere), or the counter or fund moved under us: read
  // everything again and decide afresh. A referral no longer `sent` ends it with invalid_transition in `load`.
  decideAgain(
    store,
    async () => {
      const { mode, referral } = await load();
      const acceptedAt = mode === 'log' ? (referral.acceptedAt ?? input.at) : input.at;
      const date = londonDate(new Date(acceptedAt));
      const candidates = candidateAgreements(await organisationAgreements(store, referral.organisationId), referral.activityId, date);
      if (candidates.length === 0) {
        throw new AppError('no_agreement', `No active agreement covers activity ${referral.activityId} on ${formatDate(date)}.`);
      }
      const chosen = await chooseAgreement(store, candidates, date);
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
    },
    'Too many simultaneous acceptances; please try again.',
  );

interface Choice {
  readonly agreement: Agreement;
  readonly periodKey: string;
}

/** The first candidate with room this period whose fund can cover its tariff, or the reason none can. */
const chooseAgreement = async (store: Store, candidates: Agreement[], date: string): Promise<Choice> => {
  const periods = candidates.map((a) => periodKey(a.period, date, a.startsOn));
  const counterKeys = candidates.map((a, i) => keys.periodCounter(a.id, periods[i]!));
  const fundIds = [...new Set(candidates.filter((a) => a.kind === 'per_referral').map((a) => a.fundId))];
  const [counters, funds] = await Promise.all([
    batchGet(store, entities.periodCounter, counterKeys),
    batchGet(store, entities.fund, fundIds.map((id) => keys.fund(id))),
  ]);
  let fundShort = false;
  for (const [i, agreement] of candidates.entries()) {
    if (!hasRoom(agreement, counters.get(keyId(counterKeys[i]!))?.used ?? 0)) continue;
    if (agreement.kind === 'per_referral') {
      const fund = funds.get(keyId(keys.fund(agreement.fundId)));
      if (!fund || fund.availablePence < (agreement.tariffPence ?? 0)) {
        fundShort = true;
        continue;
      }
    }
    return { agreement, periodKey: periods[i]! };
  }
  if (fundShort) throw new AppError('fund_exhausted', 'The fund cannot cover the tariff for this referral.');
  throw new AppError('capacity_exhausted', `Every agreement covering this activity is full for this period.`);
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
    ...acceptanceAggregates(tableName, funding, dims),
    named('auditEvent', { Put: audit.put }),
    named(
      'activityStats',
      activityStatsUpdate(
        tableName,
        accepted.activityId,
        mode === 'log' ? { accepted: 1, logged: 1 } : { accepted: 1 },
        mode === 'accept' ? responseHours(before.sentAt, input.at) : undefined,
      ),
    ),
  ];
};
