// Payment runs: draft one, review its lines and held organisations, approval by a second fund manager, live progress, retry.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { callApi, getOrFail } from '../api-client.js';
import type { Page, PayoutRun, RunLine } from '../api-types.js';
import { ASSET } from '../assets.js';
import { DateInput } from '../components/date-input.js';
import { Button, emptyForm, ErrorSummary, FormTokens, type FormState } from '../components/forms.js';
import { render } from '../components/page.js';
import { BackLink, Banner, Inset, SummaryList, Table, Tag, Warning, type TagColour } from '../components/ui.js';
import { dateBoxes, dateField, readDates } from '../date-boxes.js';
import type { WebEnv } from '../env.js';
import { count, date, dateTime, londonDay, money, words } from '../format.js';
import { chosenFund } from '../funds.js';
import { nameOf, organisationNames } from '../names.js';
import { problemErrors } from '../problems.js';

/** Why an organisation's money waits outside a run, in words. */
/** The run's date, named in its legend as the API names it in every message about it. */
const RUN_DATE = 'Date to pay up to';

const HELD_WHY: Record<string, string> = {
  no_stripe_account: 'It has not set up payments with Stripe yet',
  transfers_not_active: 'Its Stripe set-up is not finished',
};

const RUN_TAG: Record<PayoutRun['status'], [string, TagColour]> = {
  draft: ['Waiting for approval', 'yellow'],
  approved: ['Approved, starting to pay', 'blue'],
  paying: ['Paying', 'blue'],
  paid: ['Paid', 'green'],
  paid_with_failures: ['Some payments failed', 'red'],
  discarded: ['Discarded', 'grey'],
};

/** What a payment is for, in words: a block-funded organisation's line has no referrals, and "0" alone reads as a mistake. */
const paysFor = (l: RunLine): string =>
  [
    l.referralCount > 0 ? count(l.referralCount, 'referral') : '',
    l.blockInstalmentCount > 0 ? count(l.blockInstalmentCount, 'block instalment') : '',
    l.repaidCount > 0 ? count(l.repaidCount, 'amount paid again after a reversal', 'amounts paid again after a reversal') : '',
  ]
    .filter(Boolean)
    .join(', ');

const RunTag = ({ status }: { status: PayoutRun['status'] }) => <Tag colour={RUN_TAG[status][1]}>{RUN_TAG[status][0]}</Tag>;

const runsPage = async (c: Context<WebEnv>, state: FormState, status: 200 | 400 | 409 = 200) => {
  const { fund } = await chosenFund(c);
  const runs = (await getOrFail<Page<PayoutRun>>(c, `/v1/funds/${fund.id}/payout-runs`)).items;
  return render(
    c,
    { title: 'Payment runs', hasErrors: state.errors.length > 0, status },
    <>
      <ErrorSummary state={state} />
      <span class="nhsuk-caption-l">{fund.name}</span>
      <h1>Payment runs</h1>
      <h2>Draft a payment run</h2>
      <p>A run pays each organisation what it has earned up to a date, in one bank transfer each. Another fund manager must approve it before anything is paid.</p>
      <form method="post" action={`/fund/runs?fundId=${fund.id}`} novalidate>
        <FormTokens csrf={c.get('session')!.csrf} />
        <DateInput id="through" legend={RUN_DATE} hint="For example, 30 11 2026" state={state} />
        <Button id="draft-run">Draft payment run</Button>
      </form>
      {runs.length === 0 ? (
        <p>There are no payment runs yet.</p>
      ) : (
        <Table
          caption="Payment runs, newest first"
          head={['Up to', 'Total', 'Status', '']}
          numeric={[1]}
          rows={runs.map((r) => [date(r.through), money(r.totalPence), <RunTag status={r.status} />, <a href={`/runs/${r.id}`}>View<span class="nhsuk-u-visually-hidden">{` run up to ${date(r.through)}`}</span></a>])}
        />
      )}
    </>,
  );
};

const Progress = ({ run }: { run: PayoutRun }) => {
  const done = run.progress.paid + run.progress.failed;
  const live = run.status === 'approved' || run.status === 'paying';
  return (
    <div data-run-progress={`/runs/${run.id}/progress`} data-live={live ? 'true' : 'false'}>
      <label class="nhsuk-label" for="run-progress">
        Payments made
      </label>
      <progress class="pop-progress" id="run-progress" max={Math.max(run.progress.total, 1)} value={done}></progress>
      <p id="run-progress-text" aria-live="polite">{`${run.progress.paid} of ${run.progress.total} paid${run.progress.failed ? `, ${run.progress.failed} failed` : ''}`}</p>
      {live ? (
        <p class="pop-no-js">
          <a href={`/runs/${run.id}`}>Refresh this page</a> to see how far it has got.
        </p>
      ) : null}
    </div>
  );
};

const runPage = async (c: Context<WebEnv>, id: string, state: FormState, status: 200 | 400 | 403 | 409 = 200) => {
  const run = await getOrFail<PayoutRun>(c, `/v1/payout-runs/${id}`);
  const lines = run.lines ?? [];
  const held = run.held ?? [];
  const names = await organisationNames(c, [...lines.map((l) => l.organisationId), ...held.map((h) => h.organisationId)], 'vcse');
  const mine = run.createdBy === c.get('session')?.sub;
  const csrf = c.get('session')!.csrf;
  const done = c.req.query('done');
  return render(
    c,
    { title: `Payment run up to ${date(run.through)}`, hasErrors: state.errors.length > 0, status, before: <BackLink href={`/fund/runs?fundId=${run.fundId}`} text="Back to payment runs" />, scripts: [ASSET.progress] },
    <>
      {done === 'approved' ? <Banner>Payment run approved. Payments are being made.</Banner> : done === 'retried' ? <Banner>Failed payments are being tried again.</Banner> : null}
      <ErrorSummary state={state} />
      <span class="nhsuk-caption-l">Payment run</span>
      <h1>{`Payment run up to ${date(run.through)}`}</h1>
      <SummaryList
        rows={[
          ['Status', <RunTag status={run.status} />],
          ['Total', money(run.totalPence)],
          // The API names people by their sign-in id, which means nothing to a reader: say who in words.
          ['Drafted', `${dateTime(run.createdAt)} by ${mine ? 'you' : 'another fund manager'}`],
          ...(run.approvedBy ? [['Approved by', run.approvedBy === c.get('session')?.sub ? 'you' : 'another fund manager'] as const] : []),
        ]}
      />
      {run.balance?.warning ? <Warning heading="The Stripe balance is too low">{<p>{run.balance.warning}</p>}</Warning> : null}
      {run.status !== 'draft' && run.status !== 'discarded' ? <Progress run={run} /> : null}
      <Table
        caption="Payments in this run"
        head={['Organisation', 'Pays for', 'Amount', 'Status']}
        numeric={[2]}
        rows={lines.map((l) => [
          nameOf(names, l.organisationId, 'Organisation'),
          paysFor(l),
          money(l.amountPence),
          l.status === 'failed' ? <><Tag colour="red">Failed</Tag> <span class="nhsuk-body-s">{words(l.failureCode)}</span></> : l.status === 'paid' ? <Tag colour="green">Paid</Tag> : <Tag colour={l.status === 'reversed' ? 'orange' : 'grey'}>{words(l.status)}</Tag>,
        ])}
      />
      {held.length > 0 ? (
        <Table caption="Held back from this run" head={['Organisation', 'Amount', 'Why']} numeric={[1]} rows={held.map((h) => [nameOf(names, h.organisationId, 'Organisation'), money(h.amountPence), HELD_WHY[h.reason] ?? words(h.reason)])} />
      ) : null}
      {run.status === 'draft' ? (
        <>
          {mine ? <Inset>You drafted this run, so another fund manager must approve it. Ask a colleague to open this page and approve it.</Inset> : null}
          <form method="post" novalidate>
            <FormTokens csrf={csrf} />
            <Button id="approve" name="_action" value="approve" secondary={mine}>Approve and pay</Button>
          </form>
          <form method="post" novalidate>
            <FormTokens csrf={csrf} />
            <Button secondary id="discard" name="_action" value="discard">Discard this draft</Button>
          </form>
        </>
      ) : null}
      {run.status === 'paid_with_failures' ? (
        <form method="post" novalidate>
          <FormTokens csrf={csrf} />
          <p>Fix what Stripe reported, then try the failed payments again. A payment is never made twice.</p>
          <Button id="retry" name="_action" value="retry">Try failed payments again</Button>
        </form>
      ) : null}
    </>,
  );
};

export const runRoutes = new Hono<WebEnv>()
  // Today is suggested: a run usually pays everything earned so far.
  .get('/fund/runs', (c) => runsPage(c, emptyForm({ ...dateBoxes('through', londonDay(c.get('now'))), ...(c.get('kept') ?? {}) })))
  .post('/fund/runs', async (c) => {
    const { fund } = await chosenFund(c);
    const form = await c.req.parseBody();
    const dates = readDates(form, { through: RUN_DATE });
    if (dates.errors.length > 0) return runsPage(c, { values: dates.values, errors: dates.errors }, 400);
    const through = dates.iso.through;
    const result = await callApi<PayoutRun>(c, 'POST', `/v1/funds/${fund.id}/payout-runs`, { body: through ? { through } : {}, idempotencyKey: String(form._idem ?? '') });
    if (result.ok) return c.redirect(`/runs/${result.data.id}`, 303);
    return runsPage(c, { values: dates.values, errors: problemErrors(result.problem, { '/through': dateField('through', RUN_DATE) }, 'through-day') }, result.status === 409 ? 409 : 400);
  })
  .get('/runs/:id{run_[0-9A-Z]+}', (c) => runPage(c, c.req.param('id'), emptyForm()))
  .get('/runs/:id{run_[0-9A-Z]+}/progress', async (c) => {
    // Polled by client/progress.js: a refusal is the API's problem+json (the script stops), never a page or a redirect.
    const result = await callApi<PayoutRun>(c, 'GET', `/v1/payout-runs/${c.req.param('id')}`);
    if (!result.ok) return c.json(result.problem, result.problem.status as 400, { 'content-type': 'application/problem+json' });
    const run = result.data;
    return c.json({ status: run.status, ...run.progress, finished: !['approved', 'paying'].includes(run.status) });
  })
  .post('/runs/:id{run_[0-9A-Z]+}', async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const action = form._action === 'discard' ? 'discard' : form._action === 'retry' ? 'retry' : 'approve';
    const result = await callApi<PayoutRun>(c, 'POST', `/v1/payout-runs/${id}/${action}`, { idempotencyKey: String(form._idem ?? '') });
    if (result.ok) return action === 'discard' ? c.redirect(`/fund/runs?fundId=${result.data.fundId}`, 303) : c.redirect(`/runs/${id}?done=${action === 'approve' ? 'approved' : 'retried'}`, 303);
    return runPage(c, id, { values: {}, errors: problemErrors(result.problem, {}, action) }, result.status === 403 ? 403 : result.status === 409 ? 409 : 400);
  });
