// Every key string and index name of the table, declared once. No other file spells one out.
//
//  entity            pk                         sk                 gsi1 (pk / sk)                      gsi2 (pk / sk)               gsi3 (pk / sk)
//  organisation      ORG#<id>                   #ORG               ORGS / <id>
//  activity          ACT#<id>                   #ACT               ACTS / <id>   (directory)           ORG#<org> / ACT#<id>
//  activity stats    ACT#<id>                   STATS#<shard>      (write-sharded, see shards.ts)
//  fund              FUND#<id>                  #FUND              FUNDS / <id>                        ORG#<manager> / FUND#<id>
//  agreement         AGR#<id>                   #AGR               FUND#<fund>#AGRS / <id>             ORG#<org> / AGR#<id>
//  period counter    AGR#<id>                   PERIOD#<key>       FUND#<fund>#CAP / <agreement>#<period>
//  referral          REF#<id>                   #REF               PROV#<org> / <id>                   REFR#<org> / <id>            SENT (only while sent) / <respondBy>#<id>
//  external ref      EXTREF#<org>#<ref>         #EXTREF
//  ledger movement   FUND#<fund>                LED#<id>
//  payable amount    FUND#<fund>                PAY#<id>           FUND#<fund>#OPEN (while unpaid, not in a run) / <payableOn>#<id>   RUN#<run> / <id> (once in a run)   ORG#<org>#PAY / <payableOn>#<id> (statement)
//  report aggregate  FUND#<fund>#AGG            AGG#<dimension>#<key>#<shard>   (write-sharded, see shards.ts)
//  audit event       CHAIN#<head id>            EVT#<seq>          AUDIT#<fund|platform> / <at>#<id>
//  payout run        RUN#<id>                   #RUN               FUND#<fund>#RUNS / <id>
//  payout line       RUN#<id>                   LINE#<id>
//  pending moves     MOVE#<run>                 MOVE#<line>#<tag>#<n>
//  stripe event      STRIPEEVT#<id>             #EVT
//  idempotency       IDEMPOTENCY                <hash>             (Powertools idempotency records, TTL)

/** The generic indexes; each item kind says what it puts in them (see `entities.ts`); gsi4–gsi7: `keys-referral-lists.ts`. */
export const INDEX = {
  gsi1: { name: 'gsi1', pk: 'gsi1pk', sk: 'gsi1sk' },
  gsi2: { name: 'gsi2', pk: 'gsi2pk', sk: 'gsi2sk' },
  gsi3: { name: 'gsi3', pk: 'gsi3pk', sk: 'gsi3sk' },
  gsi4: { name: 'gsi4', pk: 'gsi4pk', sk: 'gsi4sk' },
  gsi5: { name: 'gsi5', pk: 'gsi5pk', sk: 'gsi5sk' },
  gsi6: { name: 'gsi6', pk: 'gsi6pk', sk: 'gsi6sk' },
  gsi7: { name: 'gsi7', pk: 'gsi7pk', sk: 'gsi7sk' },
} as const;
export type IndexName = keyof typeof INDEX;

export const TABLE_KEY = { pk: 'pk', sk: 'sk' } as const;
export const TTL_ATTRIBUTE = 'ttl';

export interface Key {
  readonly pk: string;
  readonly sk: string;
}

/** The partition prefix of pending report moves, for the IAM condition that limits deletes to them. */
export const PENDING_MOVES_PREFIX = 'MOVE#';
export const keys = {
  organisation: (id: string) => ({ pk: `ORG#${id}`, sk: '#ORG' }),
  activity: (id: string) => ({ pk: `ACT#${id}`, sk: '#ACT' }),
  activityStats: (id: string, shard: number) => ({ pk: `ACT#${id}`, sk: `STATS#${shard}` }),
  fund: (id: string) => ({ pk: `FUND#${id}`, sk: '#FUND' }),
  agreement: (id: string) => ({ pk: `AGR#${id}`, sk: '#AGR' }),
  periodCounter: (agreementId: string, periodKey: string) => ({ pk: `AGR#${agreementId}`, sk: `PERIOD#${periodKey}` }),
  referral: (id: string) => ({ pk: `REF#${id}`, sk: '#REF' }),
  externalRef: (organisationId: string, externalRef: string) => ({ pk: `EXTREF#${organisationId}#${externalRef}`, sk: '#EXTREF' }),
  ledger: (fundId: string, id: string) => ({ pk: `FUND#${fundId}`, sk: `LED#${id}` }),
  payable: (fundId: string, id: string) => ({ pk: `FUND#${fundId}`, sk: `PAY#${id}` }),
  // Their own partition, not the fund's: a report's Query then reads only counters, never the fund's ledger and payables.
  aggregatePartition: (fundId: string) => `FUND#${fundId}#AGG`,
  aggregate: (fundId: string, dimension: string, key: string, shard: number) => ({ pk: `FUND#${fundId}#AGG`, sk: `AGG#${dimension}#${key}#${shard}` }),
  auditChain: (chainId: string) => `CHAIN#${chainId}`,
  auditEvent: (chainId: string, seq: number) => ({ pk: `CHAIN#${chainId}`, sk: `EVT#${String(seq).padStart(10, '0')}` }),
  payoutRun: (id: string) => ({ pk: `RUN#${id}`, sk: '#RUN' }),
  payoutLine: (runId: string, lineId: string) => ({ pk: `RUN#${runId}`, sk: `LINE#${lineId}` }),
  pendingMovesPartition: (runId: string) => `${PENDING_MOVES_PREFIX}${runId}`,
  pendingMoves: (runId: string, lineId: string, tag: string, n: number) => ({
    pk: `${PENDING_MOVES_PREFIX}${runId}`,
    sk: `${PENDING_MOVES_PREFIX}${lineId}#${tag}#${n}`,
  }),
  stripeEvent: (id: string) => ({ pk: `STRIPEEVT#${id}`, sk: '#EVT' }),
} as const;

/** Partition keys of the index access patterns, and the sort-key prefixes queried within a partition. */
export const indexKeys = {
  organisationList: () => 'ORGS',
  directory: () => 'ACTS',
  organisationChildren: (organisationId: string) => `ORG#${organisationId}`,
  fundList: () => 'FUNDS',
  fundAgreements: (fundId: string) => `FUND#${fundId}#AGRS`,
  providerReferrals: (organisationId: string) => `PROV#${organisationId}`,
  referrerReferrals: (organisationId: string) => `REFR#${organisationId}`,
  awaitingResponse: () => 'SENT',
  openPayables: (fundId: string) => `FUND#${fundId}#OPEN`,
  runPayables: (runId: string) => `RUN#${runId}`,
  organisationPayables: (organisationId: string) => `ORG#${organisationId}#PAY`,
  audit: (fundId: string | undefined) => `AUDIT#${fundId ?? 'platform'}`,
  fundRuns: (fundId: string) => `FUND#${fundId}#RUNS`,
  fundCapacity: (fundId: string) => `FUND#${fundId}#CAP`,
} as const;

/** Sort-key prefixes for `begins_with` queries. */
export const sortPrefix = {
  childActivity: 'ACT#',
  childAgreement: 'AGR#',
  childFund: 'FUND#',
  line: 'LINE#',
  auditEvent: 'EVT#',
  pendingMoves: PENDING_MOVES_PREFIX,
  aggregate: (dimension: string) => `AGG#${dimension}#`,
} as const;

/** Sort keys in the indexes that are more than an id. */
const indexSortKeys = {
  childActivity: (id: string) => `${sortPrefix.childActivity}${id}`,
  childAgreement: (id: string) => `${sortPrefix.childAgreement}${id}`,
  childFund: (id: string) => `${sortPrefix.childFund}${id}`,
  capacityRow: (agreementId: string, periodKey: string) => `${agreementId}#${periodKey}`,
  awaitingResponse: (respondBy: string, id: string) => `${respondBy}#${id}`,
  openPayable: (payableOn: string, id: string) => `${payableOn}#${id}`,
  auditEvent: (at: string, id: string) => `${at}#${id}`,
  /** Sorts after every open payable of `date` (`~` follows every id character). */
  openPayablesThrough: (date: string) => `${date}#~`,
} as const;

/** Key and index attributes: never part of what an item means, stripped before it is decoded. */
export const STORAGE_ATTRIBUTES = [
  TABLE_KEY.pk,
  TABLE_KEY.sk,
  ...Object.values(INDEX).flatMap((index) => [index.pk, index.sk]),
  'entity',
  TTL_ATTRIBUTE,
] as const;

/** The attributes a cursor may carry: the table's key and the indexes' keys. */
export const KEY_ATTRIBUTES: ReadonlySet<string> = new Set([TABLE_KEY.pk, TABLE_KEY.sk, ...Object.values(INDEX).flatMap((index) => [index.pk, index.sk])]);

/** The `pk|sk` string batch reads are keyed by. */
export const keyId = (key: Key): string => `${key.pk}|${key.sk}`;

/** Index attributes for an item: `{ gsi1pk, gsi1sk }` and so on, for each index it appears in. */
export const indexAttributes = (entries: Partial<Record<IndexName, { pk: string; sk: string }>>): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(entries) as [IndexName, { pk: string; sk: string }][]) {
    out[INDEX[name].pk] = value.pk;
    out[INDEX[name].sk] = value.sk;
  }
  return out;
};

/** `REMOVE`-able attribute list of one index, for an item leaving it. */
const indexAttributeList = (name: IndexName): string => `${INDEX[name].pk}, ${INDEX[name].sk}`;

/** The index attributes each item kind carries, by what it is found by. */
export const itemIndexes = {
  organisation: (o: { id: string }) => indexAttributes({ gsi1: { pk: indexKeys.organisationList(), sk: o.id } }),
  activity: (a: { id: string; organisationId: string }) =>
    indexAttributes({
      gsi1: { pk: indexKeys.directory(), sk: a.id },
      gsi2: { pk: indexKeys.organisationChildren(a.organisationId), sk: indexSortKeys.childActivity(a.id) },
    }),
  fund: (f: { id: string; managerOrganisationId: string }) =>
    indexAttributes({
      gsi1: { pk: indexKeys.fundList(), sk: f.id },
      gsi2: { pk: indexKeys.organisationChildren(f.managerOrganisationId), sk: indexSortKeys.childFund(f.id) },
    }),
  agreement: (a: { id: string; fundId: string; organisationId: string }) =>
    indexAttributes({
      gsi1: { pk: indexKeys.fundAgreements(a.fundId), sk: a.id },
      gsi2: { pk: indexKeys.organisationChildren(a.organisationId), sk: indexSortKeys.childAgreement(a.id) },
    }),
  periodCounter: (c: { agreementId: string; periodKey: string; fundId: string }) =>
    indexAttributes({ gsi1: { pk: indexKeys.fundCapacity(c.fundId), sk: indexSortKeys.capacityRow(c.agreementId, c.periodKey) } }),
  referral: (r: { id: string; organisationId: string; referrerOrganisationId: string; status: string; respondBy: string | null }) =>
    indexAttributes({
      gsi1: { pk: indexKeys.providerReferrals(r.organisationId), sk: r.id },
      gsi2: { pk: indexKeys.referrerReferrals(r.referrerOrganisationId), sk: r.id },
      // Only while waiting for an answer: the expiry job walks this index up to now.
      ...(r.status === 'sent' && r.respondBy ? { gsi3: { pk: indexKeys.awaitingResponse(), sk: indexSortKeys.awaitingResponse(r.respondBy, r.id) } } : {}),
    }),
  /**
   * Written open: in the fund's open index until a draft locks it to a run; in its organisation's
   * index for good, so a statement reads that organisation's amounts and no one else's.
   */
  openPayable: (p: { id: string; fundId: string; organisationId: string; payableOn: string }) =>
    indexAttributes({
      gsi1: { pk: indexKeys.openPayables(p.fundId), sk: indexSortKeys.openPayable(p.payableOn, p.id) },
      gsi3: { pk: indexKeys.organisationPayables(p.organisationId), sk: indexSortKeys.openPayable(p.payableOn, p.id) },
    }),
  /** Locked to a run: found by the run's payables. */
  lockedPayable: (runId: string, id: string) => indexAttributes({ gsi2: { pk: indexKeys.runPayables(runId), sk: id } }),
  auditEvent: (e: { id: string; at: string; fundId: string | null }) =>
    indexAttributes({ gsi1: { pk: indexKeys.audit(e.fundId ?? undefined), sk: indexSortKeys.auditEvent(e.at, e.id) } }),
  payoutRun: (r: { id: string; fundId: string }) => indexAttributes({ gsi1: { pk: indexKeys.fundRuns(r.fundId), sk: r.id } }),
} as const;

/** Attributes an item drops when it leaves an index (`REMOVE` lists). */
export const leavesIndex = {
  /** A referral answered: no longer awaiting a response. */
  awaitingResponse: indexAttributeList('gsi3'),
  /** An amount locked to a run: no longer open. */
  openPayables: indexAttributeList('gsi1'),
} as const;

/** A Query on one index's partition, optionally narrowed by its sort key (placeholder `:sk`). */
export const indexQuery = (name: IndexName, pk: string, sk?: { beginsWith: string } | { through: string } | { before: string }) => {
  const index = INDEX[name];
  const skCondition =
    sk === undefined ? '' : 'beginsWith' in sk ? ` AND begins_with(${index.sk}, :sk)` : 'through' in sk ? ` AND ${index.sk} <= :sk` : ` AND ${index.sk} < :sk`;
  const skValue = sk === undefined ? {} : { ':sk': 'beginsWith' in sk ? sk.beginsWith : 'through' in sk ? sk.through : sk.before };
  return {
    IndexName: index.name,
    KeyConditionExpression: `${index.pk} = :pk${skCondition}`,
    ExpressionAttributeValues: { ':pk': pk, ...skValue } as Record<string, unknown>,
  };
};

/**
 * The named access patterns: each is a Query input (IndexName, key condition, `:pk`/`:sk` values)
 * that a caller may extend with a filter and further values.
 */
export const accessPatterns = {
  /** The directory: every activity. */
  directory: () => indexQuery('gsi1', indexKeys.directory()),
  /** Every organisation, in id order. */
  organisations: () => indexQuery('gsi1', indexKeys.organisationList()),
  /** Every fund, in id order. */
  funds: () => indexQuery('gsi1', indexKeys.fundList()),
  organisationActivities: (organisationId: string) =>
    indexQuery('gsi2', indexKeys.organisationChildren(organisationId), { beginsWith: sortPrefix.childActivity }),
  /** An organisation's agreements, read at acceptance to choose one. */
  organisationAgreements: (organisationId: string) =>
    indexQuery('gsi2', indexKeys.organisationChildren(organisationId), { beginsWith: sortPrefix.childAgreement }),
  /** The funds an organisation manages. */
  managedFunds: (organisationId: string) => indexQuery('gsi2', indexKeys.organisationChildren(organisationId), { beginsWith: sortPrefix.childFund }),
  fundAgreements: (fundId: string) => indexQuery('gsi1', indexKeys.fundAgreements(fundId)),
  fundCapacity: (fundId: string) => indexQuery('gsi1', indexKeys.fundCapacity(fundId)),
  fundRuns: (fundId: string) => indexQuery('gsi1', indexKeys.fundRuns(fundId)),
  providerReferrals: (organisationId: string) => indexQuery('gsi1', indexKeys.providerReferrals(organisationId)),
  referrerReferrals: (organisationId: string) => indexQuery('gsi2', indexKeys.referrerReferrals(organisationId)),
  /** Referrals still `sent` whose response deadline is before `instant`. */
  overdueReferrals: (instant: string) => indexQuery('gsi3', indexKeys.awaitingResponse(), { before: instant }),
  /** A fund's open amounts payable on or before `date`. */
  openPayablesThrough: (fundId: string, date: string) =>
    indexQuery('gsi1', indexKeys.openPayables(fundId), { through: indexSortKeys.openPayablesThrough(date) }),
  runPayables: (runId: string) => indexQuery('gsi2', indexKeys.runPayables(runId)),
  /** Every amount payable to an organisation, across funds, by the day it became payable. */
  organisationPayables: (organisationId: string) => indexQuery('gsi3', indexKeys.organisationPayables(organisationId)),
  /** A fund's audit trail, oldest first. */
  fundAudit: (fundId: string) => indexQuery('gsi1', indexKeys.audit(fundId)),
  /**
   * A fund's audit trail at or after `fromAt` and before `beforeAt` (UTC ISO instants), oldest first.
   * Sort keys are `<at>#<id>`: "<from>" sorts before every event at `from`, "<before>" before every event at `before`.
   */
  fundAuditWithin: (fundId: string, window: { fromAt?: string | undefined; beforeAt?: string | undefined }) => {
    const { pk, sk } = INDEX.gsi1;
    const range = window.fromAt && window.beforeAt ? ` AND ${sk} BETWEEN :from AND :before` : window.fromAt ? ` AND ${sk} >= :from` : window.beforeAt ? ` AND ${sk} < :before` : '';
    return {
      IndexName: INDEX.gsi1.name,
      KeyConditionExpression: `${pk} = :pk${range}`,
      ExpressionAttributeValues: {
        ':pk': indexKeys.audit(fundId),
        ...(window.fromAt ? { ':from': window.fromAt } : {}),
        ...(window.beforeAt ? { ':before': window.beforeAt } : {}),
      } as Record<string, unknown>,
    };
  },
} as const;

/** A Query on the table's own key: one partition, its sort keys starting with `prefix`. */
export const partitionQuery = (pk: string, prefix: string) => ({
  KeyConditionExpression: `${TABLE_KEY.pk} = :pk AND begins_with(${TABLE_KEY.sk}, :sk)`,
  ExpressionAttributeValues: { ':pk': pk, ':sk': prefix } as Record<string, unknown>,
});

//  member            ORG#<org>                  MEMBER#<sub>       MEMBERS / <org>#<sub>   (everyone, for the local sign-in)
//  member e-mail     MEMBEREMAIL#<email>        #MEMBEREMAIL       (one account per e-mail, as in Cognito)
export const memberKeys = {
  member: (organisationId: string, sub: string) => ({ pk: `ORG#${organisationId}`, sk: `MEMBER#${sub}` }),
  email: (email: string) => ({ pk: `MEMBEREMAIL#${email}`, sk: '#MEMBEREMAIL' }),
  /** Index attributes of a member: every member of every organisation in one partition, for the local sign-in. */
  indexes: (m: { organisationId: string; sub: string }) => indexAttributes({ gsi1: { pk: 'MEMBERS', sk: `${m.organisationId}#${m.sub}` } }),
  organisationMembers: (organisationId: string) => partitionQuery(`ORG#${organisationId}`, 'MEMBER#'),
  everyone: () => indexQuery('gsi1', 'MEMBERS'),
} as const;

/** A payable released from a discarded run: back in the open index, out of the run's. */
export const releasedPayable = {
  leavesRun: indexAttributeList('gsi2'),
} as const;

/**
 * Notification items (issue 18). Settings and reminder marks sit in their owner's partition, beside its
 * chain head; a delivery record has its own partition, keyed by the Notify reference it was sent with.
 *
 *  notification settings  ORG#<id>             NOTIFY#SETTINGS
 *  fund reminder settings FUND#<id>            NOTIFY#SETTINGS
 *  delivery record        NOTIF#<reference>    #NOTIF            (TTL)
 *  reminder queued        REF#<id>             REMIND#<days>     (TTL)
 */
export const notificationKeys = {
  settings: (organisationId: string) => ({ pk: `ORG#${organisationId}`, sk: 'NOTIFY#SETTINGS' }),
  fundSettings: (fundId: string) => ({ pk: `FUND#${fundId}`, sk: 'NOTIFY#SETTINGS' }),
  delivery: (reference: string) => ({ pk: `NOTIF#${reference}`, sk: '#NOTIF' }),
  reminder: (referralId: string, daysBefore: number) => ({ pk: `REF#${referralId}`, sk: `REMIND#${daysBefore}` }),
} as const;

/** Referrals still `sent` whose response deadline falls from `from` to `until`: the reminder job's window. */
export const awaitingResponseBetween = (from: string, until: string) => ({
  IndexName: INDEX.gsi3.name,
  KeyConditionExpression: `${INDEX.gsi3.pk} = :pk AND ${INDEX.gsi3.sk} BETWEEN :from AND :until`,
  ExpressionAttributeValues: { ':pk': indexKeys.awaitingResponse(), ':from': from, ':until': indexSortKeys.awaitingResponse(until, '~') } as Record<string, unknown>,
});
