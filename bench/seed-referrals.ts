// Seeds many referrals fast, as the project writes them: items from its own builders in batches, aggregates through its update functions.
import { DEFAULT_RESPONSE_DEADLINE_DAYS } from '../shared/domain/fund.js';
import { BatchWriteCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Agreement } from '../shared/domain/agreement.js';
import { EMPTY_CHAIN } from '../shared/domain/audit.js';
import { londonDate, periodKey } from '../shared/domain/periods.js';
import type { Funding, Referral, ReferralStatus } from '../shared/domain/referral.js';
import { acceptanceDimensions, loggedReferralPut, tariffItems } from '../shared/store/acceptance-items.js';
import { aggregateUpdate, DIMENSIONS, type Dimension } from '../shared/store/aggregates.js';
import { auditWrite } from '../shared/store/audit-writes.js';
import { shardOf } from '../shared/store/shards.js';
import { entities, itemOf } from '../shared/store/entities.js';
import { organisationAgreements } from '../shared/store/funds.js';
import type { StoredReferral } from '../shared/store/referrals.js';
import { seededRandom } from '../test/support/model-random.js';
import type { BenchApp } from './platform.js';
import type { Scenario } from './scenario.js';
import { timedEach } from './stats.js';

const DAY = 86_400_000;
const STATUSES: readonly [ReferralStatus, number][] = [['accepted', 0.7], ['declined', 0.1], ['sent', 0.1], ['expired', 0.05], ['withdrawn', 0.05]];
const PRIORITY_GROUPS = ['older_people', 'long_term_conditions', 'mental_health', 'carers', null] as const;
const PCNS = ['U12345', 'U23456', 'U34567', 'U45678', 'U56789', 'U67890', 'U78901', 'U89012', null] as const;

type Item = Record<string, unknown>;

/** The status whose share of the weights `roll` (0 to 1) falls in. */
const statusOf = (roll: number): ReferralStatus => {
  let sum = 0;
  return STATUSES.find(([, weight]) => roll < (sum += weight))?.[0] ?? 'accepted';
};

/** Referrals are built and written this many at a time, so 100,000 never sit in memory at once. */
const CHUNK = 5_000;

/**
 * `count` referrals spread over the scenario's VCSEs and activities, sent over the past year, 70%
 * accepted. Each referral item, its audit events and (when accepted) its payable amount and ledger
 * movement are the items the project's builders make, written with BatchWriteItem; the report
 * aggregates are added once per report key and shard through `aggregateUpdate` with the summed change. Not written:
 * period counters, activity statistics and the fund's own figures (no measured read uses them).
 */
export const seedReferrals = async (bench: BenchApp, scenario: Scenario, count: number, seed = 14): Promise<void> => {
  const { store, ids } = bench.deps;
  const table = store.tableName;
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const agreements = new Map<string, Agreement>();
  for (const vcse of scenario.vcses) agreements.set(vcse.organisationId, (await organisationAgreements(store, vcse.organisationId))[0]!);
  const now = Date.now();
  let items: Item[] = [];
  // Accepted referrals per report key and write shard (the shard the acceptance would add to), added once each at the end.
  const aggregates = new Map<string, { dimension: Dimension; key: string; shard: number; referrals: number }>();

  const flush = async () => {
    const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, b) => items.slice(b * 25, b * 25 + 25));
    items = [];
    await timedEach(batches, 8, (batch) => writeBatch(bench, batch));
  };

  for (let i = 0; i < count; i += 1) {
    if (i > 0 && i % CHUNK === 0) await flush();
    const vcse = pick(scenario.vcses);
    const sentAt = new Date(now - Math.floor(random() * 365 * DAY) - DAY);
    const status = statusOf(random());
    const answeredAt = new Date(sentAt.getTime() + Math.floor(random() * 72) * 3_600_000).toISOString();
    const referral: Referral = {
      id: ids('referral', sentAt),
      activityId: pick(vcse.activityIds),
      organisationId: vcse.organisationId,
      referrerOrganisationId: scenario.referrerOrganisationId,
      referrerOrganisationName: 'Bench Primary Care Network',
      clientRef: `SEED-${i}`,
      source: 'gp',
      priorityGroup: pick(PRIORITY_GROUPS),
      pcnOdsCode: pick(PCNS),
      snomedCode: null,
      externalRef: null,
      status: 'sent',
      outcome: null,
      declineReason: null,
      funding: null,
      sentAt: sentAt.toISOString(),
      respondBy: new Date(sentAt.getTime() + DEFAULT_RESPONSE_DEADLINE_DAYS * DAY).toISOString(),
      respondedAt: null,
      acceptedAt: null,
      outcomeAt: null,
      createdBy: scenario.linkWorker.sub,
    };
    const sent = auditWrite(table, EMPTY_CHAIN, referral.id, { eventId: ids('event', sentAt), at: referral.sentAt, actor: referral.createdBy, action: 'referral.sent', entityId: referral.id });
    items.push(sent.put.Item as Item);
    if (status === 'sent') {
      items.push(itemOf(entities.referral, referral, { ...referral, ...sent.headFields }));
      continue;
    }
    const answered: Referral = { ...referral, status, respondedAt: answeredAt, ...(status === 'declined' ? { declineReasonCode: 'full' as const } : {}) };
    if (status !== 'accepted') {
      const audit = auditWrite(table, sent.headFields, referral.id, { eventId: ids('event', new Date(answeredAt)), at: answeredAt, actor: 'bench', action: `referral.${status}`, entityId: referral.id });
      items.push(audit.put.Item as Item, itemOf(entities.referral, answered, { ...answered, ...audit.headFields }));
      continue;
    }
    const agreement = agreements.get(vcse.organisationId)!;
    const funding: Funding = {
      fundId: agreement.fundId,
      agreementId: agreement.id,
      agreementKind: agreement.kind,
      periodKey: periodKey(agreement.period, londonDate(new Date(answeredAt)), agreement.startsOn),
      tariffPence: agreement.tariffPence ?? 0,
    };
    const accepted = { ...answered, acceptedAt: answeredAt, funding };
    const audit = auditWrite(table, sent.headFields, referral.id, { eventId: ids('event', new Date(answeredAt)), at: answeredAt, actor: vcse.caller.sub, action: 'referral.accepted', entityId: referral.id, fundId: funding.fundId });
    const stored: StoredReferral = { ...accepted, ...audit.headFields };
    const dims = acceptanceDimensions(stored, answeredAt);
    // The fund's update is left out: only the ledger movement and the payable amount are items of their own.
    const [, ledger, payable] = tariffItems(table, stored, agreement, funding, dims, { at: answeredAt, ids });
    items.push(audit.put.Item as Item, loggedReferralPut(table, stored).item.Put!.Item!, ledger!.item.Put!.Item!, payable!.item.Put!.Item!);
    const shard = shardOf(referral.id);
    for (const dimension of DIMENSIONS) {
      const id = `${dimension}|${dims[dimension]}|${shard}`;
      const group = aggregates.get(id) ?? { dimension, key: dims[dimension], shard, referrals: 0 };
      aggregates.set(id, { ...group, referrals: group.referrals + 1 });
    }
  }

  await flush();
  const updates = [...aggregates.values()].map(({ dimension, key, shard, referrals }) =>
    aggregateUpdate(table, scenario.fundId, dimension, key, { acceptedReferrals: referrals, reservedPence: referrals * scenario.tariffPence }, shard),
  );
  await timedEach(updates, 8, (update) => store.doc.send(new UpdateCommand(update.Update as UpdateCommandInput)));
};

/** One BatchWriteItem, asking again for whatever DynamoDB left unprocessed. */
const writeBatch = async (bench: BenchApp, batch: readonly Item[]) => {
  const { store } = bench.deps;
  let pending = batch.map((Item) => ({ PutRequest: { Item } }));
  while (pending.length > 0) {
    const result = await store.doc.send(new BatchWriteCommand({ RequestItems: { [store.tableName]: pending } }));
    pending = (result.UnprocessedItems?.[store.tableName] ?? []) as typeof pending;
  }
};
