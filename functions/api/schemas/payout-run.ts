// A payout run's fields as every response shows them: in a list of runs and in the run itself.
import { z } from '@hono/zod-openapi';
import { RUN_STATUSES, type PayoutRun } from '../../../shared/domain/payout-run.js';
import { DateSchema, PenceSchema, TimestampSchema } from './common.js';

export const ProgressSchema = z.object({ total: z.number().int(), paid: z.number().int(), failed: z.number().int() });

export const runFields = {
  id: z.string(),
  fundId: z.string(),
  status: z.enum(RUN_STATUSES),
  through: DateSchema,
  createdBy: z.string(),
  createdAt: TimestampSchema,
  approvedBy: z.string().nullable(),
  approvedAt: TimestampSchema.nullable(),
  currency: z.literal('GBP'),
  totalPence: PenceSchema.openapi({ description: 'What the run pays: the sum of its lines' }),
  progress: ProgressSchema,
};

/** The fields above, from a run as stored. */
export const presentRunFields = (run: PayoutRun) => ({
  id: run.id,
  fundId: run.fundId,
  status: run.status,
  through: run.through,
  createdBy: run.createdBy,
  createdAt: run.createdAt,
  approvedBy: run.approvedBy,
  approvedAt: run.approvedAt,
  currency: 'GBP' as const,
  totalPence: run.totalPence,
  progress: run.progress,
});
