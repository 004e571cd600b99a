// VCSE: the organisation's statement, printable as a remittance advice (where the money stands, each payment, held and why).
import { Hono } from 'hono';
import type { Context } from 'hono';
import { callApi, query, type Problem } from '../api-client.js';
import { Details } from '../components/details.js';
import { Button, ErrorSummary, Input, type FormState } from '../components/forms.js';
import { render } from '../components/page.js';
import { PrintButton } from '../components/print.js';
import { Table } from '../components/ui.js';
import type { WebEnv } from '../env.js';
import { count, date, dateTime, money } from '../format.js';
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
      ['Paid to your bank account', money(totals.paidPence)],
      ['Due in the next payment run', money(totals.earnedDuePence)],
      ['Being paid now', money(totals.earnedInPaymentPence)],
      ['Not yet due (later block instalments)', money(totals.earnedNotYetDuePence)],
      ['Held back', money(totals.heldPence)],
      ['Reversed', money(totals.reversedPence)],
    ]}
  />
);

const FundPart = ({ fund, only }: { fund: StatementFund; only: boolean }) => (
  <section class="pop-remittance">
    <h2>{fund.fundName}</h2>
    {/* With one fund its position is the one above. */}
    <p>{`${count(fund.acceptedReferrals, 'accepted referral')} paid for by this fund.`}</p>
    {only ? null : <Totals totals={fund.totals} />}
    <HeldBack held={fund.held} />
    <Payments paid={fund.paid} />
    <Reversed fund={fund} />
    <NotPaidYet fund={fund} />
  </section>
);

const FIELDS = { '/from': { id: 'from', label: 'From' }, '/to': { id: 'to', label: 'To' } };

/** Folded away unless dates are chosen or refused: most visits want everything. */
const DatesForm = ({ state }: { state: FormState }) => (
  <div class="pop-no-print">
    <Details summary="Choose dates" open={Boolean(state.values.from || state.values.to || state.errors.length)}>
      <form method="get" action="/statement" novalidate>
        <Input id="from" label="From (optional)" hint="For example, 2026-11-01" state={state} type="date" width="nhsuk-input--width-10" />
        <Input id="to" label="To (optional)" state={state} type="date" width="nhsuk-input--width-10" />
        <Button secondary>Show these dates</Button>
      </form>
    </Details>
  </div>
);

const statementPage = async (c: Context<WebEnv>) => {
  const organisationId = c.get('session')?.organisationId;
  const values = { from: c.req.query('from') ?? '', to: c.req.query('to') ?? '' };
  const result = organisationId
    ? await callApi<Statement>(c, 'GET', `/v1/organisations/${organisationId}/statement${query(values)}`)
    : { ok: false as const, status: 404, problem: { status: 404, code: 'not_found', title: 'Not found', detail: 'Your account is not linked to an organisation.' } satisfies Problem };
  const state: FormState = { values, errors: result.ok ? [] : problemErrors(result.problem, FIELDS, 'from') };
  if (!result.ok) {
    return render(c, { title: 'Statement', hasErrors: true, status: result.status === 400 ? 400 : 404 }, <><ErrorSummary state={state} /><h1>Statement</h1><DatesForm state={state} /></>);
  }
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
      {statement.funds.length === 0 ? <p>No fund has paid or owes your organisation anything yet.</p> : statement.funds.map((f) => <FundPart fund={f} only={statement.funds.length === 1} />)}
    </>,
  );
};

export const statementRoutes = new Hono<WebEnv>().get('/statement', statementPage);
