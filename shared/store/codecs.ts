// What each item kind must hold when it is read back: zod codecs, so a corrupted item is named, never cast.
//
// Objects are loose: an item may carry attributes added after it was written (attemptedAt, openRunId,
// reversedPence ...), and those pass through untouched. Every attribute the code relies on is checked.
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { AGREEMENT_KINDS } from '../domain/agreement.js';
import { ACTIVITY_CATEGORIES, ORGANISATION_KINDS } from '../domain/organisation.js';
import { LINE_STATUSES, RUN_STATUSES } from '../domain/payout-run.js';
import { PERIOD_KINDS } from '../domain/periods.js';
import { OUTCOMES, REFERRAL_SOURCES, REFERRAL_STATUSES } from '../domain/referral.js';
import { ACCOUNTS, MOVEMENT_KINDS } from '../domain/ledger.js';

// zod's smaller build (zod/mini) keeps the store out of the classic API, and so out of the worker's
// and the webhook's bundles; it loads no locale itself, and the messages must read as before.
z.config(en());

const pence = z.int();
const text = z.string();
const nullableText = z.nullable(z.string());
const counts = z.record(z.string(), z.number());

/** Every entity that heads an audit chain carries the chain's head. */
const chainHead = { auditSeq: z.int().check(z.nonnegative()), auditHash: text };

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
export const activityStatsCodec = z.pipe(
  z.record(z.string(), z.unknown()).check(
    z.superRefine((item, ctx) => {
      const wrong = Object.keys(item).find((name) => typeof item[name] !== 'number');
      if (wrong !== undefined) ctx.addIssue({ code: 'custom', path: [wrong], message: 'expected a number' });
    }),
  ),
  z.transform((item) => item as Record<string, number>),
);

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
  responseDeadlineDays: z.int(),
  createdAt: text,
  createdBy: text,
  openRunId: z.optional(text),
  ...chainHead,
});

export const agreementCodec = z.looseObject({
  id: text,
  fundId: text,
  organisationId: text,
  activityId: nullableText,
  kind: z.enum(AGREEMENT_KINDS),
  capacity: z.nullable(z.int()),
  period: z.enum(PERIOD_KINDS),
  tariffPence: z.nullable(pence),
  amountPence: z.nullable(pence),
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
  capacity: z.nullable(z.int()),
  used: z.int().check(z.nonnegative()),
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
  outcome: z.nullable(z.enum(OUTCOMES)),
  declineReason: nullableText,
  funding: z.nullable(fundingCodec),
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
  amountPence: pence.check(z.nonnegative()),
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
  amountPence: pence.check(z.nonnegative()),
  payableOn: text,
  dims: z.object({ organisation: text, month: text, priorityGroup: text, pcn: text }),
  breakdown: z.optional(breakdownCodec),
  status: z.enum(['open', 'in_run']),
  runId: z.optional(text),
  lineId: z.optional(text),
});

export const aggregateCodec = z.looseObject({
  key: text,
  dimension: text,
  acceptedReferrals: z.int(),
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
  seq: z.int().check(z.positive()),
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
  paidCount: z.int(),
  failedCount: z.int(),
  lineCount: z.int(),
  ...chainHead,
});

export const payoutLineCodec = z.looseObject({
  id: text,
  runId: text,
  fundId: text,
  organisationId: text,
  amountPence: pence.check(z.nonnegative()),
  referralCount: z.int(),
  // Lines drafted before the count was kept: their non-referral payables were block instalments
  // unless a reversal's repayment was among them, which the line alone cannot tell.
  blockInstalmentCount: z.optional(z.int()),
  payableCount: z.int(),
  status: z.enum(LINE_STATUSES),
  idempotencyKey: text,
  attempt: z.int().check(z.positive()),
  stripeTransferId: z.pipe(z.optional(nullableText), z.transform((v) => v ?? null)),
  attemptedAt: z.optional(nullableText),
  failureCode: z.pipe(z.optional(nullableText), z.transform((v) => v ?? null)),
  failureDefinitive: z.pipe(z.optional(z.nullable(z.boolean())), z.transform((v) => v ?? null)),
  reversedPence: z.optional(pence),
  breakdown: breakdownCodec,
});

export const pendingMovesCodec = z.looseObject({
  id: text,
  fundId: text,
  moves: z.array(
    z.object({
      dimension: z.enum(['organisation', 'month', 'priorityGroup', 'pcn']),
      key: text,
      delta: z.object({ acceptedReferrals: z.optional(z.int()), reservedPence: z.optional(pence), paidPence: z.optional(pence) }),
    }),
  ),
});

export const stripeEventCodec = z.looseObject({ id: text, appliedAt: text, outcome: text });
