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
import { movement } from '../domain/ledger.js';
import { londonDate, periodKey } from '../domain/periods.js';
import { assertTransition, responseHours, type Funding, type Referral } from '../domain/referral.js';
import { aggregateUpdates, NOT_RECORDED } from './aggregates.js';
import { auditWrite } from './audit-writes.js';
import { movementItems } from './ledger-writes.js';
import type { Store } from './client.js';
import { organisationAgreements, type StoredFund } from './funds.js';
import { indexKeys, keys, organisationPayableIndex } from './keys.js';
import { batchGet, getItem } from './query.js';
import { activityStatsUpdate, getReferral, referralIndexes, type StoredReferral } from './referrals.js';
import { backoff, TransactionConditionFailed, transactWrite, type TransactItem } from './transact.js';

const MAX_ATTEMPTS = 30;

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
    if (await getItem(store, keys.externalRef(referral.organisationId, referral.externalRef ?? ''))) {
      throw new AppError('duplicate_referral', `Referral ${referral.externalRef} was already logged by this organisation.`);
    }
    return { mode: 'log', referral: { ...referral, auditSeq: EMPTY_CHAIN.auditSeq, auditHash: EMPTY_CHAIN.auditHash } };
  });

type Subject = { mode: 'accept' | 'log'; referral: StoredReferral };

const fundAcceptance = async (store: Store, input: AcceptInput, load: () => Promise<Subject>): Promise<StoredReferral> => {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
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
    const items = acceptanceItems(store.tableName, mode, referral, accepted, chosen.agreement, input);
    try {
      await transactWrite(store, items);
      return { ...accepted, auditSeq: referral.auditSeq + 1 };
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (mode === 'log' && error.failedAt(1)) {
        throw new AppError('duplicate_referral', `Referral ${referral.externalRef} was already logged by this organisation.`);
      }
      // The referral changed (answered elsewhere), or the counter or fund moved under us:
      // read everything again and decide afresh. A referral no longer `sent` ends the loop
      // with invalid_transition in `load`.
      await backoff(Math.min(attempt, 6));
    }
  }
  throw new AppError('unavailable', 'Too many simultaneous acceptances; please try again.');
};

interface Choice {
  readonly agreement: Agreement;
  readonly periodKey: string;
}

/** The first candidate with room this period whose fund can cover its tariff, or the reason none can. */
const chooseAgreement = async (store: Store, candidates: Agreement[], date: string): Promise<Choice> => {
  const periods = candidates.map((a) => periodKey(a.period, date, a.startsOn));
  const counterKeys = candidates.map((a, i) => keys.periodCounter(a.id, periods[i]!));
  const fundIds = [...new Set(candidates.filter((a) => a.kind === 'per_referral').map((a) => a.fundId))];
  const loaded = await batchGet(store, [...counterKeys, ...fundIds.map((id) => keys.fund(id))]);
  let fundShort = false;
  for (const [i, agreement] of candidates.entries()) {
    const counter = loaded.get(`${counterKeys[i]!.pk}|${counterKeys[i]!.sk}`);
    if (!hasRoom(agreement, Number(counter?.used ?? 0))) continue;
    if (agreement.kind === 'per_referral') {
      const fund = loaded.get(`FUND#${agreement.fundId}|#FUND`) as StoredFund | undefined;
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

const acceptanceItems = (
  tableName: string,
  mode: Subject['mode'],
  before: StoredReferral,
  accepted: StoredReferral,
  agreement: Agreement,
  input: AcceptInput,
): TransactItem[] => {
  const funding = accepted.funding!;
  const at = new Date(input.at);
  const audit = auditWrite(tableName, before, accepted.id, {
    eventId: input.ids('event', at),
    at: input.at,
    actor: input.actor,
    action: mode === 'log' ? 'referral.logged_accepted' : 'referral.accepted',
    entityId: accepted.id,
    fundId: funding.fundId,
    data: { from: mode === 'log' ? null : 'sent', to: 'accepted', funding, acceptedAt: accepted.acceptedAt, externalRef: accepted.externalRef },
  });
  const items: TransactItem[] = [];
  const stored = { ...accepted, ...audit.headFields };

  if (mode === 'accept') {
    items.push({
      Update: {
        TableName: tableName,
        Key: keys.referral(accepted.id),
        UpdateExpression:
          'SET #status = :accepted, acceptedAt = :at, respondedAt = :at, funding = :funding, auditSeq = :seq, auditHash = :hash REMOVE gsi3pk, gsi3sk',
        // Still sent, and nobody else has written to it since we read it.
        ConditionExpression: '#status = :sent AND auditSeq = :prevSeq',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':accepted': 'accepted',
          ':sent': 'sent',
          ':at': accepted.acceptedAt,
          ':funding': funding,
          ':seq': audit.headFields.auditSeq,
          ':hash': audit.headFields.auditHash,
          ':prevSeq': audit.expectedSeq,
        },
      },
    });
  } else {
    items.push(
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.referral(accepted.id), ...referralIndexes(stored), entity: 'referral', ...stored },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        // One logged referral per organisation and external reference.
        Put: {
          TableName: tableName,
          Item: { ...keys.externalRef(accepted.organisationId, accepted.externalRef ?? ''), entity: 'external_ref', referralId: accepted.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    );
  }

  items.push({
    Update: {
      TableName: tableName,
      Key: keys.periodCounter(agreement.id, funding.periodKey),
      UpdateExpression:
        'SET #used = if_not_exists(#used, :zero) + :one, #capacity = :capacity, agreementId = :agreement, fundId = :fund, organisationId = :org, periodKey = :period, entity = :entity, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk',
      // Never above capacity: the increment happens only while there is room.
      ...(agreement.capacity !== null ? { ConditionExpression: 'attribute_not_exists(#used) OR #used < :capacity' } : {}),
      ExpressionAttributeNames: { '#used': 'used', '#capacity': 'capacity' },
      ExpressionAttributeValues: {
        ':zero': 0,
        ':one': 1,
        ':capacity': agreement.capacity,
        ':agreement': agreement.id,
        ':fund': agreement.fundId,
        ':org': agreement.organisationId,
        ':period': funding.periodKey,
        ':entity': 'period_counter',
        ':gsi1pk': indexKeys.fundCapacity(agreement.fundId),
        ':gsi1sk': `${agreement.id}#${funding.periodKey}`,
      },
    },
  });

  const tariff = funding.tariffPence;
  const dims = {
    organisation: accepted.organisationId,
    month: londonDate(new Date(accepted.acceptedAt ?? input.at)).slice(0, 7),
    priorityGroup: accepted.priorityGroup ?? NOT_RECORDED,
    pcn: accepted.pcnOdsCode ?? NOT_RECORDED,
  };
  if (tariff > 0) {
    const reserved = movement({
      id: input.ids('ledger', at),
      fundId: funding.fundId,
      kind: 'tariff_reserved',
      amountPence: tariff,
      at: input.at,
      refs: { referralId: accepted.id, agreementId: agreement.id },
    });
    const payableId = input.ids('payable', at);
    const payableOn = londonDate(new Date(accepted.acceptedAt ?? input.at));
    items.push(
      // Never below zero: the reservation happens only while the fund can cover it.
      ...movementItems(tableName, reserved),
      {
        Put: {
          TableName: tableName,
          Item: {
            ...keys.payable(funding.fundId, payableId),
            gsi1pk: indexKeys.openPayables(funding.fundId),
            gsi1sk: `${payableOn}#${payableId}`,
            ...organisationPayableIndex(accepted.organisationId, payableOn, payableId),
            entity: 'payable',
            id: payableId,
            fundId: funding.fundId,
            organisationId: accepted.organisationId,
            agreementId: agreement.id,
            referralId: accepted.id,
            amountPence: tariff,
            payableOn,
            periodKey: funding.periodKey,
            dims,
            status: 'open',
          },
        },
      },
    );
  }
  items.push(...aggregateUpdates(tableName, funding.fundId, dims, { acceptedReferrals: 1, reservedPence: tariff }));
  items.push({ Put: audit.put });
  items.push(
    activityStatsUpdate(
      tableName,
      accepted.activityId,
      mode === 'log' ? { accepted: 1, logged: 1 } : { accepted: 1 },
      mode === 'accept' ? responseHours(before.sentAt, input.at) : undefined,
    ),
  );
  return items;
};
