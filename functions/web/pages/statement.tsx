// VCSE: the organisation's statement, printable as a remittance advice (where the money stands, each payment, held and why).
import { Hono } from 'hono';
import type { Context } from 'hono';
import { callApi, query, type Problem } from '../api-client.js';
import { Details } from '../components/details.js';
import { DateInput } from '../components/date-input.js';
import { Button, ErrorSummary, type FormState } from '../components/forms.js';
import { render } from '../components/page.js';
import { PrintButton } from '../components/print.js';
import { Table } from '../components/ui.js';
import { dateField, readDates } from '../date-boxes.js';
import type { WebEnv } from '../env.js';
import { count, date, dateTime, londonDay, money } from '../format.js';
import { problemErrors } from '../problems.js';
import { HeldBack, NotPaidYet, Payments, Reversed } from './statement-parts.js';
import type { Statement, StatementFund } from './statement-types.js';

const Totals = ({ totals }: { totals: Statement['totals'] }) => (
  <Table
    caption="Where your money stands now"
    captionSize="s"
    responsive={false}
    head={['Where it stands', 'Amount']}
    numeric={[1]}
    rows={[
      ['Paid to you (sent to your Stripe account, which pays your bank)', money(totals.paidPence)],
      ['Due in the next payment run', money(totals.earnedDuePence)],
      ['Being paid now', money(totals.earnedInPaymentPence)],
      ['Not yet due (later block instalments)', money(totals.earnedNotYetDuePence)],
      ['Held back', money(totals.heldPence)],
      ['Reversed', money(totals.reversedPence)],
    ]}
  />
);

const FundPart = ({ fund, only, today }: { fund: StatementFund; only: boolean; today: string }) => (
  <section class="pop-remittance">
    <h2>{fund.fundName}</h2>
    {/* With one fund its position is the one above. */}
    <p>{`${count(fund.acceptedReferrals, 'accepted referral')} paid for by this fund.`}</p>
    {only ? null : <Totals totals={fund.totals} />}
    <HeldBack held={fund.held} />
    <Payments paid={fund.paid} today={today} />
    <Reversed fund={fund} />
    <NotPaidYet fund={fund} />
  </section>
);

const DATES = { from: 'From date', to: 'To date' };
const FIELDS = { '/from': dateField('from', DATES.from), '/to': dateField('to', DATES.to) };

/** Folded away unless dates are chosen or refused: most visits want everything. */
const DatesForm = ({ state }: { state: FormState }) => (
  <div class="pop-no-print">
    <Details summary="Choose dates" open={Object.values(state.values).some(Boolean) || state.errors.length > 0}>
      <form method="get" action="/statement" novalidate>
        <DateInput id="from" legend="From date (optional)" hint="For example, 1 11 2026" state={state} />
        <DateInput id="to" legend="To date (optional)" hint="For example, 30 11 2026" state={state} />
        <Button secondary>Show these dates</Button>
      </form>
    </Details>
  </div>
);

const refusedPage = (c: Context<WebEnv>, state: FormState, status: 400 | 404) =>
  render(c, { title: 'Statement', hasErrors: true, status }, <><ErrorSummary state={state} /><h1>Statement</h1><DatesForm state={state} /></>);

const statementPage = async (c: Context<WebEnv>) => {
  const organisationId = c.get('session')?.organisationId;
  const dates = readDates(c.req.query(), DATES);
  // A date that cannot be written as one is refused here and the statement is not asked for.
  if (dates.errors.length > 0) return refusedPage(c, { values: dates.values, errors: dates.errors }, 400);
  const result = organisationId
    ? await callApi<Statement>(c, 'GET', `/v1/organisations/${organisationId}/statement${query(dates.iso)}`)
    : { ok: false as const, status: 404, problem: { status: 404, code: 'not_found', title: 'Not found', detail: 'Your account is not linked to an organisation.' } satisfies Problem };
  const state: FormState = { values: dates.values, errors: result.ok ? [] : problemErrors(result.problem, FIELDS, 'from-day') };
  if (!result.ok) return refusedPage(c, state, result.status === 400 ? 400 : 404);
  const statement = result.data;
  const shown = statement.from || statement.to ? `${statement.from ? `from ${date(statement.from)}` : ''}${statement.from && statement.to ? ' ' : ''}${statement.to ? `to ${date(statement.to)}` : ''}` : 'all dates';
  return render(
    c,
    { title: 'Statement' },
    <>
      <span class="nhsuk-caption-l">{statement.organisationName}</span>
      <h1>Statement</h1>
      <p>{`Remittance advice as at ${dateTime(statement.asAt)}, for ${shown}.`}</p>
      <PrintButton />
      <DatesForm state={state} />
      <Totals totals={statement.totals} />
      {statement.funds.length === 0 ? <p>No fund has paid or owes your organisation anything yet.</p> : statement.funds.map((f) => <FundPart fund={f} only={statement.funds.length === 1} today={londonDay(c.get('now'))} />)}
    </>,
  );
};

export const statementRoutes = new Hono<WebEnv>().get('/statement', statementPage);
