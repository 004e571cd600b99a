// /v1/exports: spend (Local Government Transparency Code CSV, streamed), 360Giving grants, and the
// activity directory in Open Referral UK. Mounted at /v1/exports. Fund files are for the fund's own
// managers (the publisher, e.g. MVA) and for commissioners and admins, who read every fund.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import { AppError } from '../../../shared/domain/errors.js';
import { paymentsByAgreement } from '../../../shared/domain/exports/agreement-payments.js';
import { csvRow } from '../../../shared/domain/exports/csv.js';
import { orukDirectory } from '../../../shared/domain/exports/oruk-query.js';
import { reversalsByLine, SPEND_COLUMNS, spendRows } from '../../../shared/domain/exports/spend-rows.js';
import { grantFromAgreement, grantPackage } from '../../../shared/domain/exports/three-sixty-giving.js';
import type { Organisation } from '../../../shared/domain/organisation.js';
import type { Store } from '../../../shared/store/client.js';
import {
  acceptedReferralsByAgreement,
  activitiesByIds,
  readDirectory,
  fundAgreementsAll,
  fundPaymentHistory,
  fundRunPages,
  paidLinesOfRun,
  runReversals,
} from '../../../shared/store/exports.js';
import { getOrganisation, organisationsByIds } from '../../../shared/store/organisations.js';
import type { AppEnv } from '../../runtime/env.js';
import { requireRole } from '../middleware/auth.js';
import { commonErrors, conflict, idString, jsonResponse } from '../schemas/common.js';
import { visibleFund } from '../visible.js';

/**
 * The publisher's registered 360Giving prefix, read once at cold start. Not yet part of Deps or
 * shared/config.ts; the placeholder marks data that must not be published as it stands.
 */
export const GRANT_ID_PREFIX = process.env.GRANT_ID_PREFIX ?? '360G-EXAMPLE';

const FundQuery = z.strictObject({
  fundId: idString('fund').openapi({ param: { name: 'fundId', in: 'query' } }),
});

const spendCsv = createRoute({
  method: 'get',
  path: '/spend.csv',
  tags: ['Exports'],
  summary: 'Payments made from a fund, and their reversals, as Local Government Transparency Code spend data (CSV; the fund’s managers, commissioners)',
  security: [{ bearer: [] }],
  request: { query: FundQuery },
  responses: {
    200: { description: 'RFC 4180 CSV with a header row, streamed', content: { 'text/csv': { schema: z.string() } } },
    ...commonErrors,
  },
});

const GrantPackageSchema = z.object({ grants: z.array(z.record(z.string(), z.unknown())) }).openapi('ThreeSixtyGivingPackage');
const threeSixtyGiving = createRoute({
  method: 'get',
  path: '/360giving.json',
  tags: ['Exports'],
  summary: 'A fund’s agreements, their payments and reversals as 360Giving Data Standard 1.4.3 grants (the fund’s managers, commissioners)',
  security: [{ bearer: [] }],
  request: { query: FundQuery },
  responses: { 200: jsonResponse(GrantPackageSchema, 'A 360Giving data package'), ...commonErrors, ...conflict('nothing_to_publish: the fund has no agreements yet (a package needs one grant)') },
});

const OrukPageSchema = z
  .object({ total_items: z.number().int(), total_pages: z.number().int(), page_number: z.number().int(), size: z.number().int(), first_page: z.boolean(), last_page: z.boolean(), empty: z.boolean(), contents: z.array(z.record(z.string(), z.unknown())) })
  .openapi('OpenReferralServicePage');
const openReferral = createRoute({
  method: 'get',
  path: '/openreferral.json',
  tags: ['Exports'],
  summary: 'The activity directory as Open Referral UK 3.0 services (any signed-in user)',
  security: [{ bearer: [] }],
  responses: { 200: jsonResponse(OrukPageSchema, 'Every activity as a service, in one page'), ...commonErrors },
});

/**
 * A fund's files are for its own fund managers and for commissioners (admins have no view of money);
 * other roles are refused (403) and another manager's fund is not found (404), as for reading the fund itself.
 */
const fundForExport = async (c: Parameters<typeof requireRole>[0], fundId: string) => {
  const principal = requireRole(c);
  const fund = await visibleFund(c, principal, fundId, 'read');
  const store = c.get('deps').store;
  const manager = await getOrganisation(store, fund.managerOrganisationId);
  if (!manager) throw new AppError('internal', `Fund ${fundId} names a managing organisation that does not exist.`);
  return { fund, manager };
};

/** Organisations asked for that are not yet in `known`, read in one batch. */
const addMissing = async (store: Store, known: Map<string, Organisation>, ids: readonly string[]) => {
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length > 0) for (const [id, org] of await organisationsByIds(store, missing)) known.set(id, org);
};

export const exportRoutes = new OpenAPIHono<AppEnv>()
  .openapi(spendCsv, async (c) => {
    const { fundId } = c.req.valid('query');
    const { store } = c.get('deps');
    // Everything that can refuse the request happens before the first byte is sent.
    const { manager } = await fundForExport(c, fundId);
    const suppliers = new Map<string, Organisation>();
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="spend-${fundId}.csv"`);
    c.header('Cache-Control', 'no-store');
    return stream(
      c,
      async (out) => {
        await out.write(csvRow(SPEND_COLUMNS));
        // Rows go out as each run's lines are read; memory holds one page of runs and the suppliers seen.
        for await (const runs of fundRunPages(store, fundId)) {
          for (const run of runs) {
            const [lines, reversals] = await Promise.all([paidLinesOfRun(store, run.id), runReversals(store, run.id).then(reversalsByLine)]);
            await addMissing(store, suppliers, lines.map((l) => l.organisationId));
            for (const line of lines) {
              const supplier = suppliers.get(line.organisationId) ?? { id: line.organisationId, name: line.organisationId, charityNumber: null, companyNumber: null };
              for (const row of spendRows(line, reversals.get(line.id) ?? [], { body: manager, supplier, publisherPrefix: GRANT_ID_PREFIX })) await out.write(csvRow(row));
            }
          }
        }
      },
      async (error) => {
        // Headers are gone by now: the file ends short, and the log says why.
        c.get('logger').error('spend export failed part-way', { fundId, error });
      },
    );
  })
  .openapi(threeSixtyGiving, async (c) => {
    const { fundId } = c.req.valid('query');
    const { store, clock } = c.get('deps');
    const { fund, manager } = await fundForExport(c, fundId);
    const agreements = await fundAgreementsAll(store, fundId);
    if (agreements.length === 0) {
      // The published package schema requires at least one grant: an empty file would not validate.
      throw new AppError('nothing_to_publish', `${fund.name} has no agreements yet, so there is no grant to publish. A 360Giving file lists a fund's agreements; it can be downloaded once the first agreement is made.`);
    }
    const [accepted, history, organisations, activities] = await Promise.all([
      acceptedReferralsByAgreement(store, fundId),
      fundPaymentHistory(store, fundId),
      organisationsByIds(store, agreements.map((a) => a.organisationId)),
      activitiesByIds(store, agreements.flatMap((a) => (a.activityId ? [a.activityId] : []))),
    ]);
    const payments = paymentsByAgreement(history.lines, history.payablesByLine, history.reversals);
    const exportedAt = clock().toISOString();
    const grants = agreements.map((agreement) => {
      const recipient = organisations.get(agreement.organisationId) ?? { id: agreement.organisationId, name: agreement.organisationId, charityNumber: null, companyNumber: null };
      return grantFromAgreement(
        {
          agreement,
          fund: { id: fund.id, name: fund.name },
          funder: manager,
          recipient,
          activityName: agreement.activityId ? (activities.get(agreement.activityId)?.name ?? null) : null,
          acceptedReferrals: accepted.get(agreement.id) ?? 0,
          payments: payments.get(agreement.id) ?? [],
        },
        { prefix: GRANT_ID_PREFIX, exportedAt },
      );
    });
    c.header('Content-Disposition', `attachment; filename="360giving-${fundId}.json"`);
    c.header('Cache-Control', 'no-store');
    return c.json(grantPackage(grants), 200);
  })
  .openapi(openReferral, async (c) => {
    requireRole(c);
    const { store, publicUrl } = c.get('deps');
    c.header('Cache-Control', 'no-store');
    return c.json(orukDirectory(await readDirectory(store), publicUrl), 200);
  });
