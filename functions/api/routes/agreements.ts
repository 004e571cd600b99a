// /v1/agreements/{id}: a fund manager ends an agreement early; the unused block reservation returns to the fund.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { endingOf } from '../../../shared/domain/agreement-end.js';
import { AppError } from '../../../shared/domain/errors.js';
import { londonDate } from '../../../shared/domain/periods.js';
import { endAgreement, getAgreement } from '../../../shared/store/agreement-end.js';
import { requireRole } from '../middleware/auth.js';
import type { AppEnv } from '../../runtime/env.js';
import { commonErrors, conflict, idParam, jsonResponse, noBody, PenceSchema, TimestampSchema } from '../schemas/common.js';
import { IdempotencyHeader } from '../schemas/headers.js';
import { visibleFund } from '../visible.js';
import { AgreementSchema, presentAgreement } from '../schemas/fund.js';

const EndedAgreementSchema = AgreementSchema.extend({
  endedAt: TimestampSchema,
  releasedPence: PenceSchema.openapi({ description: 'The block reservation for later periods, returned to the fund’s available money' }),
}).openapi('EndedAgreement');

const end = createRoute({
  method: 'post',
  path: '/{id}/end',
  tags: ['Agreements'],
  summary: 'End an agreement at the end of the current period (the fund’s managers)',
  description:
    'The current period’s instalment stays payable; the block reservation for later periods returns to the fund, with its ledger movement and audit event, in one write. An agreement not yet started ends before it begins.',
  security: [{ bearer: [] }],
  request: { params: idParam('agr'), headers: IdempotencyHeader, ...noBody },
  responses: { 200: jsonResponse(EndedAgreementSchema, 'The agreement as it now stands'), ...commonErrors, ...conflict('invalid_transition (already ended, over, or later instalments in a draft run)') },
});

export const agreementRoutes = new OpenAPIHono<AppEnv>().openapi(end, async (c) => {
  const principal = requireRole(c, 'fund_manager');
  const { id } = c.req.valid('param');
  const { store, ids, clock } = c.get('deps');
  const agreement = await getAgreement(store, id);
  if (!agreement) throw new AppError('not_found', `No agreement ${id}.`);
  await visibleFund(c, principal, agreement.fundId, 'manage').catch((error: unknown) => {
    // The fund's own "not found" would name the fund; name the agreement instead.
    throw error instanceof AppError && error.code === 'not_found' ? new AppError('not_found', `No agreement ${id}.`) : error;
  });
  const now = clock();
  const ending = endingOf(agreement, londonDate(now));
  const ended = await endAgreement(store, agreement, ending, { actor: principal.sub, at: now.toISOString(), ids });
  return c.json(
    { ...presentAgreement(ended, null), endedAt: now.toISOString(), releasedPence: ending.released.reduce((sum, i) => sum + i.amountPence, 0) },
    200,
  );
});

