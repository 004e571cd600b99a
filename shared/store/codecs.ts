// What each item kind must hold when it is read back: zod codecs, so a corrupted item is named, never cast.
//
// Objects are loose: an item may carry attributes added after it was written (attemptedAt, openRunId,
// reversedPence ...), and those pass through untouched. Every attribute the code relies on is checked.
import * as z from 'zod';
import { AGREEMENT_KINDS } from '../domain/agreement.js';
import { ACTIVITY_CATEGORIES, ORGANISATION_KINDS } from '../domain/organisation.js';
import { LINE_STATUSES, RUN_STATUSES } from '../domain/payout-run.js';
import { PERIOD_KINDS } from '../domain/periods.js';
import { OUTCOMES, REFERRAL_SOURCES, REFERRAL_STATUSES } from '../domain/referral.js';
import { ACCOUNTS, MOVEMENT_KINDS } from '../domain/ledger.js';

const pence = z.number().int();
const text = z.string();
const nullableText = z.string().nullable();
const counts = z.record(z.string(), z.number());

/** Every entity that heads an audit chain carries the chain's head. */
const chainHead = { auditSeq: z.number().int().nonnegative(), auditHash: text };

export const organisationCodec = z.looseObject({
  id: text,
  name: text,
  kind: z.enum(ORGANISATION_KINDS),
  charityNumber: nullableText,
  companyNumber: nullableText,
  odsCode: nullableText,
  stripeAccountId: nullableText,
  payoutsEnabled: z.boolean(),
  transfersCapability: nullableText,
  createdAt: text,
  ...chainHead,
});

export const activityCodec = z.looseObject({
  id: text,
  organisationId: text,
  name: text,
  category: z.enum(ACTIVITY_CATEGORIES),
  description: nullableText,
  postcode: nullableText,
  createdAt: text,
  ...chainHead,
});

/** The ADD counters of an activity's responses: `sent`, `accepted`, ... and `rh_<hours>`. */
export const activityStatsCodec = z.record(z.string(), z.unknown()).transform((item, ctx) => {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(item)) {
    if (typeof value !== 'number') {
      ctx.addIssue({ code: 'custom', path: [name], message: 'expected a number' });
      return z.NEVER;
    }
    out[name] = value;
  }
  return out;
});

export const fundCodec = z.looseObject({
  id: text,
  name: text,
  managerOrganisationId: text,
  totalPence: pence,
  availablePence: pence,
  reservedPence: pence,
  paidPence: pence,
  startsOn: text,
  endsOn: text,
  responseDeadlineDays: z.number().int(),
  createdAt: text,
  createdBy: text,
  openRunId: text.optional(),
  ...chainHead,
});

export const agreementCodec = z.looseObject({
  id: text,
  fundId: text,
  organisationId: text,
  activityId: nullableText,
  kind: z.enum(AGREEMENT_KINDS),
  capacity: z.number().int().nullable(),
  period: z.enum(PERIOD_KINDS),
  tariffPence: pence.nullable(),
  amountPence: pence.nullable(),
  startsOn: text,
  endsOn: text,
  createdAt: text,
  createdBy: text,
  ...chainHead,
});

export const periodCounterCodec = z.looseObject({
  agreementId: text,
  organisationId: text,
  fundId: text,
  periodKey: text,
  capacity: z.number().int().nullable(),
  used: z.number().int().nonnegative(),
});

const fundingCodec = z.object({
  fundId: text,
  agreementId: text,
  agreementKind: z.enum(AGREEMENT_KINDS),
  periodKey: text,
  tariffPence: pence,
});

export const referralCodec = z.looseObject({
  id: text,
  activityId: text,
  organisationId: text,
  referrerOrganisationId: text,
  clientRef: text,
  source: z.enum(REFERRAL_SOURCES),
  priorityGroup: nullableText,
  pcnOdsCode: nullableText,
  snomedCode: nullableText,
  externalRef: nullableText,
  status: z.enum(REFERRAL_STATUSES),
  outcome: z.enum(OUTCOMES).nullable(),
  declineReason: nullableText,
  funding: fundingCodec.nullable(),
  sentAt: text,
  respondBy: nullableText,
  respondedAt: nullableText,
  acceptedAt: nullableText,
  outcomeAt: nullableText,
  createdBy: text,
  ...chainHead,
});

export const externalRefCodec = z.looseObject({ referralId: text });

export const movementCodec = z.looseObject({
  id: text,
  fundId: text,
  kind: z.enum(MOVEMENT_KINDS),
  from: z.enum(ACCOUNTS),
  to: z.enum(ACCOUNTS),
  amountPence: pence.nonnegative(),
  at: text,
  refs: z.record(z.string(), z.string()),
});

const breakdownCodec = z.object({ month: counts, priorityGroup: counts, pcn: counts });

export const payableCodec = z.looseObject({
  id: text,
  fundId: text,
  organisationId: text,
  agreementId: text,
  referralId: nullableText,
  amountPence: pence.nonnegative(),
  payableOn: text,
  dims: z.object({ organisation: text, month: text, priorityGroup: text, pcn: text }),
  breakdown: breakdownCodec.optional(),
  status: z.enum(['open', 'in_run']),
  runId: text.optional(),
  lineId: text.optional(),
});

export const aggregateCodec = z.looseObject({
  key: text,
  dimension: text,
  acceptedReferrals: z.number().int(),
  reservedPence: pence,
  paidPence: pence,
});

export const auditEventCodec = z.looseObject({
  id: text,
  at: text,
  actor: text,
  action: text,
  entityId: text,
  fundId: nullableText,
  chainId: text,
  seq: z.number().int().positive(),
  data: z.record(z.string(), z.unknown()),
  prevHash: text,
  hash: text,
});

export const payoutRunCodec = z.looseObject({
  id: text,
  fundId: text,
  status: z.enum(RUN_STATUSES),
  through: text,
  createdBy: text,
  createdAt: text,
  approvedBy: nullableText,
  approvedAt: nullableText,
  totalPence: pence,
  held: z.array(z.object({ organisationId: text, amountPence: pence, reason: z.enum(['no_stripe_account', 'transfers_not_active']) })),
  lockState: z.enum(['locking', 'complete']),
  lockOwner: text,
  paidCount: z.number().int(),
  failedCount: z.number().int(),
  lineCount: z.number().int(),
  ...chainHead,
});

export const payoutLineCodec = z.looseObject({
  id: text,
  runId: text,
  fundId: text,
  organisationId: text,
  amountPence: pence.nonnegative(),
  referralCount: z.number().int(),
  payableCount: z.number().int(),
  status: z.enum(LINE_STATUSES),
  idempotencyKey: text,
  attempt: z.number().int().positive(),
  stripeTransferId: nullableText.optional().transform((v) => v ?? null),
  attemptedAt: nullableText.optional(),
  failureCode: nullableText.optional().transform((v) => v ?? null),
  failureDefinitive: z.boolean().nullable().optional().transform((v) => v ?? null),
  reversedPence: pence.optional(),
  breakdown: breakdownCodec,
});

export const pendingMovesCodec = z.looseObject({
  id: text,
  fundId: text,
  moves: z.array(
    z.object({
      dimension: z.enum(['organisation', 'month', 'priorityGroup', 'pcn']),
      key: text,
      delta: z.object({ acceptedReferrals: z.number().int().optional(), reservedPence: pence.optional(), paidPence: pence.optional() }),
    }),
  ),
});

export const stripeEventCodec = z.looseObject({ id: text, appliedAt: text, outcome: text });
