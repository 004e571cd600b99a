// VCSE: the organisation's statement, printable as a remittance advice (earned, held and why, paid per run, reversed).
import { Hono } from 'hono';
import type { Context } from 'hono';
import { callApi, getOrUndefined, query, type Problem } from '../api-client.js';
import type { PayoutRun } from '../api-types.js';
import { Button, ErrorSummary, Input, type FormState } from '../components/forms.js';
import { render } from '../components/page.js';
import { PrintButton } from '../components/print.js';
import { SummaryList, Table, Tag, type TagColour } from '../components/ui.js';
import type { WebEnv } from '../env.js';
import { date, dateTime, money, period, words } from '../format.js';
import { problemErrors } from '../problems.js';
import type { Statement, StatementEntry, StatementFund, StatementPaid } from './statement-types.js';

const STATE: Record<StatementEntry['state'], [string, TagColour]> = {
  not_yet_due: ['Not yet due', 'grey'],
  due: ['Due in the next payment run', 'blue'],
  held: ['Held back', 'orange'],
  in_payment: ['Being paid', 'aqua-green'],
  paid: ['Paid', 'green'],
  reversed: ['Reversed', 'red'],
};

const HOLD: Record<string, string> = {
  no_stripe_account: 'no Stripe account yet',
  transfers_not_active: 'Stripe set-up not finished',
  in_draft_run: 'waiting for a second fund manager to approve the run',
  payment_failed: 'the payment failed and will be tried again',
};

const what = (e: StatementEntry) =>
  e.kind === 'referral' ? `Referral ${e.referralId ?? ''}`.trim() : e.kind === 'instalment' ? `Block instalment${e.periodKey ? ` for ${period(e.periodKey)}` : ''}` : 'Paid again after a reversal';

const StateTag = ({ entry }: { entry: StatementEntry }) => (
  <>
    <Tag colour={STATE[entry.state][1]}>{STATE[entry.state][0]}</Tag>
    {entry.holdReason ? <span class="nhsuk-body-s">{` (${HOLD[entry.holdReason] ?? words(entry.holdReason)})`}</span> : null}
  </>
);

const Totals = ({ totals }: { totals: Statement['totals'] }) => (
  <SummaryList
    rows={[
      ['Earned, not yet paid', money(totals.earnedPence)],
      ['of which due in the next payment run', money(totals.earnedDuePence)],
      ['of which being paid now', money(totals.earnedInPaymentPence)],
      ['of which not yet due (later block instalments)', money(totals.earnedNotYetDuePence)],
      ['Held back', money(totals.heldPence)],
      ['Paid to your bank account', money(totals.paidPence)],
      ['Reversed', money(totals.reversedPence)],
    ]}
  />
);

/** Where the transfer reached the bank: the Stripe payout and its arrival date, when Stripe has told us. */
const arrival = (paid: StatementPaid, runs: ReadonlyMap<string, PayoutRun | undefined>) => {
  const line = runs.get(paid.runId)?.lines?.find((l) => l.id === paid.lineId) as { stripePayoutId?: string | null; payoutArrivalDate?: string | null } | undefined;
  const payoutId = paid.stripePayoutId ?? line?.stripePayoutId ?? null;
  const arrives = paid.payoutArrivalDate ?? line?.payoutArrivalDate ?? null;
  return [...(payoutId ? [['Stripe payout', payoutId] as const] : []), ...(arrives ? [['Arrives in the bank', date(arrives)] as const] : [])];
};

const Payment = ({ paid, runs }: { paid: StatementPaid; runs: ReadonlyMap<string, PayoutRun | undefined> }) => (
  <div class="pop-remittance">
    <h4>{`${money(paid.amountPence)} paid on ${date(paid.paidAt)}`}</h4>
    <SummaryList
      rows={[
        ['Payment run', paid.runId],
        ['Stripe transfer', paid.stripeTransferId ?? 'Not recorded'],
        ...arrival(paid, runs),
        ...(paid.reversedPence > 0 ? [['Reversed since', money(paid.reversedPence)] as const] : []),
      ]}
    />
    <Table
      caption={`What the ${money(paid.amountPence)} paid for`}
      captionSize="s"
      head={['Item', 'Payable from', 'Amount']}
      numeric={[2]}
      rows={[...paid.paidFor.map((e) => [what(e), date(e.payableOn), money(e.amountPence)]), ['Total', '', money(paid.paidFor.reduce((sum, e) => sum + e.amountPence, 0))]]}
    />
  </div>
);

const FundPart = ({ fund, runs, only }: { fund: StatementFund; runs: ReadonlyMap<string, PayoutRun | undefined>; only: boolean }) => (
  <section>
    <h2>{fund.fundName}</h2>
    {/* With one fund its position is the one above. */}
    <p>{`${fund.acceptedReferrals} accepted ${fund.acceptedReferrals === 1 ? 'referral' : 'referrals'} paid for by this fund.`}</p>
    {only ? null : <Totals totals={fund.totals} />}
    {fund.held.length > 0 ? (
      <Table caption="Held back, and why" captionSize="s" head={['Reason', 'Amount']} numeric={[1]} rows={fund.held.map((h) => [h.detail, money(h.amountPence)])} />
    ) : null}
    <h3>Payments</h3>
    {fund.paid.length === 0 ? <p>No payments in these dates.</p> : fund.paid.map((p) => <Payment paid={p} runs={runs} />)}
    {fund.reversed.length > 0 ? (
      <Table
        caption="Reversed payments"
        captionSize="s"
        head={['Reversed on', 'Payment run', 'Stripe transfer', 'Amount']}
        numeric={[3]}
        rows={fund.reversed.map((r) => [date(r.reversedAt), r.runId, r.stripeTransferId ?? '', money(r.amountPence)])}
      />
    ) : null}
    <Table
      caption="Everything earned in these dates"
      captionSize="s"
      head={['Item', 'Payable from', 'Amount', 'Where it stands']}
      numeric={[2]}
      rows={[...fund.earned, ...fund.returned].map((e) => [what(e), date(e.payableOn), money(e.amountPence), <StateTag entry={e} />])}
    />
  </section>
);

const FIELDS = { '/from': { id: 'from', label: 'From' }, '/to': { id: 'to', label: 'To' } };

const DatesForm = ({ state }: { state: FormState }) => (
  <form method="get" action="/statement" novalidate class="pop-no-print">
    <Input id="from" label="From (optional)" hint="For example, 2026-11-01" state={state} type="date" width="nhsuk-input--width-10" />
    <Input id="to" label="To (optional)" state={state} type="date" width="nhsuk-input--width-10" />
    <Button secondary>Show these dates</Button>
  </form>
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
  const runIds = [...new Set(statement.funds.flatMap((f) => f.paid.filter((p) => !p.payoutArrivalDate).map((p) => p.runId)))];
  const runs = new Map(await Promise.all(runIds.map(async (id) => [id, await getOrUndefined<PayoutRun>(c, `/v1/payout-runs/${id}`)] as const)));
  const shown = statement.from || statement.to ? `${statement.from ? `from ${date(statement.from)}` : ''}${statement.from && statement.to ? ' ' : ''}${statement.to ? `to ${date(statement.to)}` : ''}` : 'all dates';
  return render(
    c,
    { title: 'Statement' },
    <>
      <span class="nhsuk-caption-l">{statement.organisationName}</span>
      <h1>Statement</h1>
      <p class="nhsuk-lede-text">{`Remittance advice as at ${dateTime(statement.asAt)}. Entries shown: ${shown}.`}</p>
      <PrintButton />
      <DatesForm state={state} />
      <h2>Where your money stands now</h2>
      <Totals totals={statement.totals} />
      {statement.funds.length === 0 ? <p>No fund has paid or owes your organisation anything yet.</p> : statement.funds.map((f) => <FundPart fund={f} runs={runs} only={statement.funds.length === 1} />)}
    </>,
  );
};

export const statementRoutes = new Hono<WebEnv>().get('/statement', statementPage);
