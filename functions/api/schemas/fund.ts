// The fund and agreement shapes the API answers with and accepts, and how a stored one is presented.
import { z } from '@hono/zod-openapi';
import { AGREEMENT_KINDS, type Agreement } from '../../../shared/domain/agreement.js';
import { DEFAULT_RESPONSE_DEADLINE_DAYS, type Fund } from '../../../shared/domain/fund.js';
import { PERIOD_KINDS, periodsBetween } from '../../../shared/domain/periods.js';
import { MAX_BLOCK_PERIODS } from '../../../shared/store/funds.js';
import { DateSchema, idString, PenceSchema, safeText, TimestampSchema } from './common.js';

export const FundSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    managerOrganisationId: z.string(),
    currency: z.literal('GBP'),
    totalPence: PenceSchema,
    availablePence: PenceSchema,
    reservedPence: PenceSchema,
    paidPence: PenceSchema,
    startsOn: DateSchema,
    endsOn: DateSchema,
    responseDeadlineDays: z.number().int(),
    createdAt: TimestampSchema,
  })
  .openapi('Fund');

export const CreateFund = z
  .strictObject({
    name: safeText(200),
    totalPence: PenceSchema.min(1),
    startsOn: DateSchema,
    endsOn: DateSchema,
    responseDeadlineDays: z.number().int().min(1).max(90).default(DEFAULT_RESPONSE_DEADLINE_DAYS),
  })
  .refine((f) => f.startsOn <= f.endsOn, { message: 'must not be before startsOn', path: ['endsOn'] })
  .openapi('CreateFund');

export const AgreementSchema = z
  .object({
    id: z.string(),
    fundId: z.string(),
    organisationId: z.string(),
    activityId: z.string().nullable(),
    kind: z.enum(AGREEMENT_KINDS),
    capacity: z.number().int().nullable(),
    period: z.enum(PERIOD_KINDS),
    tariffPence: PenceSchema.nullable(),
    amountPence: PenceSchema.nullable(),
    startsOn: DateSchema,
    endsOn: DateSchema,
    createdAt: TimestampSchema,
    currentPeriod: z.object({ key: z.string(), used: z.number().int(), capacity: z.number().int().nullable() }).nullable(),
  })
  .openapi('Agreement');

export const CreateAgreement = z
  .strictObject({
    organisationId: idString('org'),
    // An empty or malformed activity would reserve a block that no acceptance could ever match.
    activityId: idString('act').optional(),
    kind: z.enum(AGREEMENT_KINDS),
    capacity: z.number().int().min(1).max(1_000_000).optional(),
    period: z.enum(PERIOD_KINDS),
    tariffPence: PenceSchema.min(1).optional(),
    amountPence: PenceSchema.min(1).optional(),
    startsOn: DateSchema,
    endsOn: DateSchema,
  })
  .superRefine((a, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (a.startsOn > a.endsOn) issue('endsOn', 'must not be before startsOn');
    if (a.kind === 'block') {
      if (a.capacity === undefined) issue('capacity', 'a block agreement needs a capacity per period');
      if (a.amountPence === undefined) issue('amountPence', 'a block agreement needs an amount');
      if (a.tariffPence !== undefined) issue('tariffPence', 'a block agreement has no per-referral tariff');
      if (a.startsOn <= a.endsOn && periodsBetween(a.period, a.startsOn, a.endsOn).length > MAX_BLOCK_PERIODS) {
        issue('endsOn', `a block agreement spans at most ${MAX_BLOCK_PERIODS} periods`);
      }
    } else {
      if (a.tariffPence === undefined) issue('tariffPence', 'a per-referral agreement needs a tariff');
      if (a.amountPence !== undefined) issue('amountPence', 'a per-referral agreement has no block amount');
    }
  })
  .openapi('CreateAgreement');

export const presentFund = (f: Fund) => ({
  id: f.id,
  name: f.name,
  managerOrganisationId: f.managerOrganisationId,
  currency: 'GBP' as const,
  totalPence: f.totalPence,
  availablePence: f.availablePence,
  reservedPence: f.reservedPence,
  paidPence: f.paidPence,
  startsOn: f.startsOn,
  endsOn: f.endsOn,
  responseDeadlineDays: f.responseDeadlineDays,
  createdAt: f.createdAt,
});

export const presentAgreement = (a: Agreement, current: { key: string; used: number } | null) => ({
  id: a.id,
  fundId: a.fundId,
  organisationId: a.organisationId,
  activityId: a.activityId,
  kind: a.kind,
  capacity: a.capacity,
  period: a.period,
  tariffPence: a.tariffPence,
  amountPence: a.amountPence,
  startsOn: a.startsOn,
  endsOn: a.endsOn,
  createdAt: a.createdAt,
  currentPeriod: current ? { ...current, capacity: a.capacity } : null,
});
