// The audit trail: a fund's events in pages, in words, with filters and the result of verifying the chain.
import type { Context } from 'hono';
import { getOrFail, query } from '../api-client.js';
import type { AuditEvent, Page } from '../api-types.js';
import { Button, emptyForm, Input, Select } from '../components/forms.js';
import { render } from '../components/page.js';
import { Panel, Table, Warning } from '../components/ui.js';
import type { WebEnv } from '../env.js';
import { dateTime } from '../format.js';
import { chosenFund } from '../funds.js';
import { AUDIT_ACTIONS, auditActionWords, choices } from '../vocabulary.js';

/** A page a commissioner can read through; the next page is one link away, as the API's cursor allows. */
export const AUDIT_PAGE_SIZE = 50;

const NextPage = ({ href }: { href: string }) => (
  <nav class="nhsuk-pagination" role="navigation" aria-label="Pagination">
    <ul class="nhsuk-list nhsuk-pagination__list">
      <li class="nhsuk-pagination-item--next">
        <a class="nhsuk-pagination__link nhsuk-pagination__link--next" href={href} rel="next">
          <span class="nhsuk-pagination__title">
            Next<span class="nhsuk-u-visually-hidden"> page</span>
          </span>
          <span class="nhsuk-u-visually-hidden">:</span>
          <span class="nhsuk-pagination__page">{`the next ${AUDIT_PAGE_SIZE} events`}</span>
        </a>
      </li>
    </ul>
  </nav>
);

export const auditPage = async (c: Context<WebEnv>) => {
  const { fund } = await chosenFund(c);
  const filters = { entityId: c.req.query('entityId') ?? '', action: c.req.query('action') ?? '', from: c.req.query('from') ?? '', to: c.req.query('to') ?? '' };
  const cursor = c.req.query('cursor') ?? '';
  const events = await getOrFail<Page<AuditEvent>>(c, `/v1/audit${query({ fundId: fund.id, limit: AUDIT_PAGE_SIZE, ...filters, cursor })}`);
  const verification = c.req.query('verify') === '1' ? await getOrFail<{ ok: boolean; checked: number; chains: number; firstBrokenId: string | null }>(c, `/v1/audit/verify${query({ fundId: fund.id })}`) : undefined;
  const state = emptyForm(filters);
  const filtered = Object.values(filters).some((v) => v !== '');
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
        <Input id="entityId" label="Referral, agreement or payment run id" hint="As shown in the Record column" state={state} width="nhsuk-input--width-30" />
        <Select id="action" label="What happened" options={choices(AUDIT_ACTIONS, 'Anything')} state={state} />
        <Input id="from" label="From date" hint="For example, 2026-11-01" state={state} width="nhsuk-input--width-10" />
        <Input id="to" label="To date" state={state} width="nhsuk-input--width-10" />
        <Button secondary id="filter">Filter</Button>
      </form>
      {filtered || cursor ? (
        <p>
          <a href={`/audit${query({ fundId: fund.id })}`}>Show every event from the first</a>
        </p>
      ) : null}
      <Table
        caption={events.items.length === 0 ? 'No events match' : `${events.items.length} events${events.nextCursor ? ' on this page' : ''}, oldest first`}
        head={['When', 'What happened', 'Who', 'Record']}
        rows={events.items.map((e) => [
          dateTime(e.at),
          <>
            {auditActionWords(e.action)}
            <br />
            <span class="nhsuk-body-s nhsuk-u-secondary-text-colour">{e.action}</span>
          </>,
          e.actor,
          <span class="pop-break">{e.entityId}</span>,
        ])}
      />
      {events.nextCursor ? <NextPage href={`/audit${query({ fundId: fund.id, ...filters, cursor: events.nextCursor })}`} /> : null}
    </>,
  );
};
