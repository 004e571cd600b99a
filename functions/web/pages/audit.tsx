// The audit trail: a fund's events in pages, in words, with filters and the result of verifying the chain.
import type { Context } from 'hono';
import { callApi, getOrFail, PageError, query } from '../api-client.js';
import type { AuditEvent, Page } from '../api-types.js';
import { DateInput } from '../components/date-input.js';
import { Button, ErrorSummary, Input, Select, type FieldError } from '../components/forms.js';
import { render } from '../components/page.js';
import { Panel, Table, Warning } from '../components/ui.js';
import { dateField, readDates } from '../date-boxes.js';
import type { WebEnv } from '../env.js';
import { dateTime } from '../format.js';
import { chosenFund } from '../funds.js';
import { problemErrors } from '../problems.js';
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

const Events = ({ events, filters, fundId }: { events: Page<AuditEvent>; filters: Record<string, string>; fundId: string }) => (
  <>
    <Table
      caption={events.items.length === 0 ? 'No events match' : `${events.items.length} events${events.nextCursor ? ' on this page' : ''}, oldest first`}
      head={['When', 'What happened', 'Who', 'Record']}
      rows={events.items.map((e) => [
        dateTime(e.at),
        // One element: a phone's stacked table lays a cell's children side by side, which loses the line break.
        <span>
          {auditActionWords(e.action)}
          <br />
          <span class="nhsuk-body-s nhsuk-u-secondary-text-colour">{e.action}</span>
        </span>,
        // An e-mail address has no space to wrap at; on a phone it breaks anywhere rather than widen the page.
        <span class="pop-break">{e.actorName}</span>,
        <span class="pop-break">{e.entityId}</span>,
      ])}
    />
    {events.nextCursor ? <NextPage href={`/audit${query({ fundId, ...filters, cursor: events.nextCursor })}`} /> : null}
  </>
);

const DATES = { from: 'From date', to: 'To date' };
const FIELDS = { '/from': dateField('from', DATES.from), '/to': dateField('to', DATES.to), '/entityId': { id: 'entityId', label: 'Record' }, '/action': { id: 'action', label: 'What happened' } };

/** One page of events as filtered, or the filter's refusal: a date that cannot be built is never sent. */
const eventsFor = async (c: Context<WebEnv>, fundId: string, filters: Record<string, string | undefined>, dateErrors: FieldError[]): Promise<Page<AuditEvent> | FieldError[]> => {
  if (dateErrors.length > 0) return dateErrors;
  const result = await callApi<Page<AuditEvent>>(c, 'GET', `/v1/audit${query({ fundId, limit: AUDIT_PAGE_SIZE, ...filters })}`);
  if (result.ok) return result.data;
  if (result.status !== 400) throw new PageError(result.problem);
  // A refusal naming no field of the form (a stale page's cursor, say) is shown against the record box, not a date.
  return problemErrors(result.problem, FIELDS, 'entityId');
};

export const auditPage = async (c: Context<WebEnv>) => {
  const { fund } = await chosenFund(c);
  const dates = readDates(c.req.query(), DATES);
  // What the boxes hold is what the filter form and the next page's link carry; the API is sent ISO dates.
  const typed = { entityId: c.req.query('entityId') ?? '', action: c.req.query('action') ?? '', ...dates.values };
  const cursor = c.req.query('cursor') ?? '';
  const events = await eventsFor(c, fund.id, { entityId: typed.entityId, action: typed.action, ...dates.iso, cursor }, dates.errors);
  const verification = c.req.query('verify') === '1' ? await getOrFail<{ ok: boolean; checked: number; chains: number; firstBrokenId: string | null }>(c, `/v1/audit/verify${query({ fundId: fund.id })}`) : undefined;
  const state = { values: typed, errors: Array.isArray(events) ? events : [] };
  const filtered = Object.values(typed).some((v) => v !== '');
  return render(
    c,
    { title: 'Audit trail', hasErrors: state.errors.length > 0, status: state.errors.length > 0 ? 400 : 200 },
    <>
      <ErrorSummary state={state} />
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
        <DateInput id="from" legend="From date" hint="For example, 1 11 2026" state={state} />
        <DateInput id="to" legend="To date" hint="For example, 30 11 2026" state={state} />
        <Button secondary id="filter">Filter</Button>
      </form>
      {filtered || cursor ? (
        <p>
          <a href={`/audit${query({ fundId: fund.id })}`}>Show every event from the first</a>
        </p>
      ) : null}
      {Array.isArray(events) ? null : <Events events={events} filters={typed} fundId={fund.id} />}
    </>,
  );
};
