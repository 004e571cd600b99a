// Each item kind declared once: its `entity` name, its key, the indexes it appears in, and its codec.
import type { z } from 'zod';
import * as codec from './codecs.js';
import type { Entity } from './entity.js';
import { itemIndexes, keys, type Key } from './keys.js';
import { referralLists, type ListedReferral } from './keys-referral-lists.js';

export interface ItemKind<T, W = T> extends Entity<T> {
  readonly key: (value: W) => Key;
  /** The index attributes the item carries when written as `value` (none for most kinds). */
  readonly indexes: (value: W) => Record<string, string>;
}

const kind = <T, W>(
  name: string,
  c: z.ZodType<T>,
  key: (value: W) => Key,
  indexes: (value: W) => Record<string, string> = () => ({}),
): ItemKind<T, W> => ({ kind: name, codec: c, key, indexes });

type Id = { id: string };

export const entities = {
  organisation: kind('organisation', codec.organisationCodec, (o: Id) => keys.organisation(o.id), itemIndexes.organisation),
  activity: kind('activity', codec.activityCodec, (a: Id & { organisationId: string }) => keys.activity(a.id), itemIndexes.activity),
  activityStats: kind('activity_stats', codec.activityStatsCodec, (a: Id & { shard: number }) => keys.activityStats(a.id, a.shard)),
  fund: kind('fund', codec.fundCodec, (f: Id & { managerOrganisationId: string }) => keys.fund(f.id), itemIndexes.fund),
  agreement: kind('agreement', codec.agreementCodec, (a: Id & { fundId: string; organisationId: string }) => keys.agreement(a.id), itemIndexes.agreement),
  periodCounter: kind(
    'period_counter',
    codec.periodCounterCodec,
    (c: { agreementId: string; periodKey: string; fundId: string }) => keys.periodCounter(c.agreementId, c.periodKey),
    itemIndexes.periodCounter,
  ),
  referral: kind(
    'referral',
    codec.referralCodec,
    (r: ListedReferral & { organisationId: string; referrerOrganisationId: string; respondBy: string | null }) => keys.referral(r.id),
    (r) => ({ ...itemIndexes.referral(r), ...referralLists.indexes(r) }),
  ),
  externalRef: kind('external_ref', codec.externalRefCodec, (e: { organisationId: string; externalRef: string }) =>
    keys.externalRef(e.organisationId, e.externalRef),
  ),
  movement: kind('movement', codec.movementCodec, (m: Id & { fundId: string }) => keys.ledger(m.fundId, m.id)),
  payable: kind('payable', codec.payableCodec, (p: Id & { fundId: string; organisationId: string; payableOn: string }) => keys.payable(p.fundId, p.id), itemIndexes.openPayable),
  aggregate: kind('aggregate', codec.aggregateCodec, (a: { fundId: string; dimension: string; key: string; shard: number }) => keys.aggregate(a.fundId, a.dimension, a.key, a.shard)),
  auditEvent: kind(
    'audit_event',
    codec.auditEventCodec,
    (e: Id & { chainId: string; seq: number; at: string; fundId: string | null }) => keys.auditEvent(e.chainId, e.seq),
    itemIndexes.auditEvent,
  ),
  payoutRun: kind('payout_run', codec.payoutRunCodec, (r: Id & { fundId: string }) => keys.payoutRun(r.id), itemIndexes.payoutRun),
  payoutLine: kind('payout_line', codec.payoutLineCodec, (l: Id & { runId: string }) => keys.payoutLine(l.runId, l.id)),
  pendingMoves: kind('pending_report_moves', codec.pendingMovesCodec, (p: { runId: string; lineId: string; tag: string; n: number }) =>
    keys.pendingMoves(p.runId, p.lineId, p.tag, p.n),
  ),
  stripeEvent: kind('stripe_event', codec.stripeEventCodec, (e: Id) => keys.stripeEvent(e.id)),
} as const;

/** The full item to Put: key, index attributes, `entity`, then the value's own attributes. */
export const itemOf = <T, W>(kind: ItemKind<T, W>, value: W & object, fields: object = value): Record<string, unknown> => ({
  ...kind.key(value),
  ...kind.indexes(value),
  entity: kind.kind,
  ...fields,
});
