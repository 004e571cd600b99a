// Commissioners: spend charts each beside its table, the audit trail with filters and its verification, and downloads.
import { Hono } from 'hono';
import { raw } from 'hono/html';
import type { Context } from 'hono';
import { fetchRaw, getOrFail, query } from '../api-client.js';
import type { AuditEvent, CapacityRow, Page, SpendRow } from '../api-types.js';
import { ASSET } from '../assets.js';
import { Button, emptyForm, Input } from '../components/forms.js';
import { render } from '../components/page.js';
import { Panel, Table, Warning } from '../components/ui.js';
import type { WebEnv } from '../env.js';
import { dateTime, money, period, words } from '../format.js';
import { chosenFund } from '../funds.js';
import { nameOf, organisationNames, type Names } from '../names.js';
import { FundFigures } from './fund.js';

const GROUPINGS = [
  ['month', 'Spend by month', 'Month'],
  ['organisation', 'Spend by organisation', 'Organisation'],
  ['priorityGroup', 'Spend by priority group', 'Priority group'],
  ['pcn', 'Spend by primary care network', 'Primary care network'],
] as const;

const label = (grouping: string, key: string, names: Names) =>
  grouping === 'month' ? period(key) : grouping === 'organisation' ? nameOf(names, key, 'Organisation') : key === 'block_funded' ? 'Block funded' : key === 'not_recorded' ? 'Not recorded' : words(key);

/** One chart and its table: the canvas is drawn by Chart.js from the JSON beside it; the table is the same figures for everyone. */
const SpendChart = ({ id, title, keyHeading, rows }: { id: string; title: string; keyHeading: string; rows: readonly { label: string; reserved: number; paid: number; referrals: number }[] }) => (
  <section class="nhsuk-u-margin-bottom-7" aria-labelledby={`${id}-title`}>
    <h2 id={`${id}-title`}>{title}</h2>
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-one-half">
        <div class="pop-chart">
          <canvas id={id} role="img" aria-label={`${title}: a bar chart of the figures in the table beside it`}></canvas>
        </div>
        {/* Raw, not escaped: it is JSON for the script, with "<" escaped so it can never close the element. */}
        <script type="application/json" data-chart={id}>
          {raw(JSON.stringify({ labels: rows.map((r) => r.label), paid: rows.map((r) => r.paid / 100), reserved: rows.map((r) => r.reserved / 100) }).replace(/</g, '\\u003c'))}
        </script>
      </div>
      <div class="nhsuk-grid-column-one-half">
        <Table caption="The figures in the chart" captionSize="s" responsive={false} head={[keyHeading, 'Referrals', 'Reserved', 'Paid']} numeric={[1, 2, 3]} rows={rows.map((r) => [r.label, String(r.referrals), money(r.reserved), money(r.paid)])} />
      </div>
    </div>
  </section>
);

const spendPage = async (c: Context<WebEnv>) => {
  const { fund } = await chosenFund(c);
  const reports = await Promise.all(GROUPINGS.map(([groupBy]) => getOrFail<Page<SpendRow>>(c, `/v1/reports/spend${query({ fundId: fund.id, groupBy, limit: 200 })}`)));
  const capacity = (await getOrFail<Page<CapacityRow>>(c, `/v1/reports/capacity${query({ fundId: fund.id, limit: 200 })}`)).items;
  const names = await organisationNames(c, [...reports[1]!.items.map((r) => r.key), ...capacity.map((r) => r.organisationId)], 'vcse');
  return render(
    c,
    { title: 'Spend', scripts: [ASSET.chartJs, ASSET.charts] },
    <>
      <span class="nhsuk-caption-l">{fund.name}</span>
      <h1>Spend</h1>
      <FundFigures fund={fund} />
      {GROUPINGS.map(([groupBy, title, keyHeading], i) => (
        <SpendChart
          id={`chart-${groupBy}`}
          title={title}
          keyHeading={keyHeading}
          rows={reports[i]!.items.map((r) => ({ label: label(groupBy, r.key, names), reserved: r.reservedPence, paid: r.paidPence, referrals: r.acceptedReferrals }))}
        />
      ))}
      <Table
        caption="Capacity used per agreement"
        head={['Organisation', 'Period', 'Used', 'Capacity']}
        numeric={[2, 3]}
        // A table of figures: stacked into cards it ran to thousands of pixels on a phone.
        responsive={false}
        rows={capacity.map((r) => [nameOf(names, r.organisationId, 'Organisation'), period(r.periodKey), String(r.used), r.capacity == null ? 'No limit' : String(r.capacity)])}
      />
    </>,
  );
};

const auditPage = async (c: Context<WebEnv>) => {
  const { fund } = await chosenFund(c);
  const filters = { entityId: c.req.query('entityId') ?? '', action: c.req.query('action') ?? '', from: c.req.query('from') ?? '', to: c.req.query('to') ?? '' };
  const events = await getOrFail<Page<AuditEvent>>(c, `/v1/audit${query({ fundId: fund.id, limit: 200, ...filters })}`);
  const verification = c.req.query('verify') === '1' ? await getOrFail<{ ok: boolean; checked: number; chains: number; firstBrokenId: string | null }>(c, `/v1/audit/verify${query({ fundId: fund.id })}`) : undefined;
  const state = emptyForm(filters);
  return render(
    c,
    { title: 'Audit trail' },
    <>
      <span class="nhsuk-caption-l">{fund.name}</span>
      <h1>Audit trail</h1>
      {verification?.ok ? (
        <Panel title="The audit trail is intact" level={2}>
          <p>{`${verification.checked} events in ${verification.chains} chains checked. None has been changed, removed or reordered.`}</p>
        </Panel>
      ) : verification ? (
        <Warning heading="The audit trail has been altered">
          <p>{`Checking stopped at event ${verification.firstBrokenId ?? 'unknown'}. Report this to the fund’s data protection officer.`}</p>
        </Warning>
      ) : null}
      <form method="get" action="/audit" novalidate>
        <input type="hidden" name="fundId" value={fund.id} />
        <input type="hidden" name="verify" value="1" />
        <Button id="verify">Verify the audit trail</Button>
      </form>
      <form method="get" action="/audit" novalidate>
        <input type="hidden" name="fundId" value={fund.id} />
        <h2>Filter events</h2>
        <Input id="entityId" label="Referral, agreement or run id" state={state} width="nhsuk-input--width-30" />
        <Input id="action" label="Action" hint="For example, referral.accepted" state={state} width="nhsuk-input--width-20" />
        <Input id="from" label="From date" hint="For example, 2026-11-01" state={state} width="nhsuk-input--width-10" />
        <Input id="to" label="To date" state={state} width="nhsuk-input--width-10" />
        <Button secondary id="filter">Filter</Button>
      </form>
      <Table
        caption={`${events.items.length} events, oldest first`}
        head={['When', 'What', 'Who', 'Record']}
        rows={events.items.map((e) => [dateTime(e.at), e.action, e.actor, <span class="pop-break">{e.entityId}</span>])}
      />
    </>,
  );
};

const DOWNLOADS = {
  'spend.csv': ['Spend data (CSV)', 'Payments made, in the columns of the Local Government Transparency Code'],
  '360giving.json': ['360Giving grants (JSON)', 'Agreements and their payments in the 360Giving Data Standard'],
  'openreferral.json': ['Open Referral UK directory (JSON)', 'The activity directory in the Open Referral UK standard'],
} as const;

export const commissionerRoutes = new Hono<WebEnv>()
  .get('/spend', spendPage)
  .get('/audit', auditPage)
  .get('/downloads', async (c) => {
    const { fund } = await chosenFund(c);
    return render(
      c,
      { title: 'Downloads' },
      <>
        <span class="nhsuk-caption-l">{fund.name}</span>
        <h1>Downloads</h1>
        <ul class="nhsuk-list">
          {Object.entries(DOWNLOADS).map(([file, [title, description]]) => (
            <li>
              <a href={`/downloads/${file}?fundId=${fund.id}`} download>{title}</a>
              <p class="nhsuk-body-s">{description}</p>
            </li>
          ))}
        </ul>
      </>,
    );
  })
  .get('/downloads/:file{spend\\.csv|360giving\\.json|openreferral\\.json}', async (c) => {
    const file = c.req.param('file');
    const response = await fetchRaw(c, `/v1/exports/${file}${file === 'openreferral.json' ? '' : query({ fundId: c.req.query('fundId') })}`);
    if (!response.ok) return render(c, { title: 'The download is not available', status: response.status === 404 || response.status === 409 ? response.status : 403 }, <><h1>The download is not available</h1><p>{((await response.json().catch(() => ({}))) as { detail?: string }).detail ?? ''}</p></>);
    return new Response(response.body, {
      status: 200,
      headers: { 'content-type': response.headers.get('content-type') ?? 'application/octet-stream', 'content-disposition': `attachment; filename="${file}"`, 'cache-control': 'no-store' },
    });
  });
