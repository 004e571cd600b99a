// VCSE: the organisation's agreements across funds, with the capacity used this period as a meter.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { getOrFail, getOrUndefined, PageError, query } from '../api-client.js';
import type { Agreement, Page } from '../api-types.js';
import { CapacityMeter } from '../components/capacity.js';
import { render } from '../components/page.js';
import { Table } from '../components/ui.js';
import type { WebEnv } from '../env.js';
import { date, money } from '../format.js';
import { activityNames, nameOf } from '../names.js';
import type { Statement } from './statement-types.js';

const PERIOD: Record<string, string> = { month: 'each month', quarter: 'each quarter', agreement: 'for the whole agreement' };

const funding = (a: Agreement) =>
  a.kind === 'block' ? `Block: ${money(a.amountPence ?? 0)} in all, in equal instalments ${PERIOD[a.period] ?? ''}`.trim() : `${money(a.tariffPence ?? 0)} for each accepted referral`;

const capacity = (a: Agreement) => (a.capacity ? `Up to ${a.capacity} referrals ${PERIOD[a.period] ?? ''}. ` : 'No limit. ');

const agreementsPage = async (c: Context<WebEnv>) => {
  const organisationId = c.get('session')?.organisationId;
  if (!organisationId) throw new PageError({ status: 404, code: 'not_found', title: 'Not found', detail: 'Your account is not linked to an organisation.' });
  const [agreements, activities, statement] = await Promise.all([
    getOrFail<Page<Agreement>>(c, `/v1/organisations/${organisationId}/agreements${query({ limit: 200 })}`),
    activityNames(c, organisationId),
    // The statement names every fund that pays the organisation; a VCSE cannot list funds itself.
    getOrUndefined<Statement>(c, `/v1/organisations/${organisationId}/statement`),
  ]);
  const funds = new Map((statement?.funds ?? []).map((f) => [f.fundId, f.fundName]));
  return render(
    c,
    { title: 'Agreements' },
    <>
      <h1>Agreements</h1>
      <p>What each fund pays your organisation for, and how many referrals you can still accept this period under each one.</p>
      {agreements.items.length === 0 ? (
        <p>Your organisation has no agreements yet. A fund manager sets them up.</p>
      ) : (
        <Table
          caption="Your agreements"
          head={['Fund', 'Covers', 'Funding', 'Capacity used', 'Runs']}
          rows={agreements.items.map((a) => [
            nameOf(funds, a.fundId, 'Fund'),
            a.activityId ? nameOf(activities, a.activityId, 'One activity') : 'All your activities',
            funding(a),
            <CapacityMeter agreement={a} lead={capacity(a)} />,
            `${date(a.startsOn)} to ${date(a.endsOn)}`,
          ])}
        />
      )}
    </>,
  );
};

export const vcseAgreementRoutes = new Hono<WebEnv>().get('/agreements', agreementsPage);
