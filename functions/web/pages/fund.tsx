// Fund managers: the fund at a glance, its agreements with capacity used, and setting up a new agreement.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { callApi, getOrFail, getOrUndefined, query } from '../api-client.js';
import type { Activity, Agreement, Fund, Page } from '../api-types.js';
import { Button, emptyForm, ErrorSummary, FormTokens, Input, Radios, Select, type FormState } from '../components/forms.js';
import { CapacityMeter } from '../components/capacity.js';
import { DateInput } from '../components/date-input.js';
import { render } from '../components/page.js';
import { BackLink, Banner, SummaryList, Table } from '../components/ui.js';
import { dateField, readDates } from '../date-boxes.js';
import type { WebEnv } from '../env.js';
import { date, money } from '../format.js';
import { chosenFund } from '../funds.js';
import { nameOf, organisationNames } from '../names.js';
import { problemErrors } from '../problems.js';

const share = (part: number, total: number) => (total > 0 ? `${((part / total) * 100).toFixed(2)}%` : '0%');

/** Total, available, reserved and paid as numbers and one bar (the numbers carry the meaning; the bar is a picture of them). */
export const FundFigures = ({ fund }: { fund: Fund }) => (
  <>
    <SummaryList
      rows={[
        ['Total', money(fund.totalPence)],
        ['Available', money(fund.availablePence)],
        ['Reserved for referrals and agreements', money(fund.reservedPence)],
        ['Paid', money(fund.paidPence)],
        ['Runs', `${date(fund.startsOn)} to ${date(fund.endsOn)}`],
      ]}
    />
    <div class="pop-bar" aria-hidden="true">
      <div class="pop-bar__part pop-bar__part--paid" style={`width:${share(fund.paidPence, fund.totalPence)}`}></div>
      <div class="pop-bar__part pop-bar__part--reserved" style={`width:${share(fund.reservedPence, fund.totalPence)}`}></div>
      <div class="pop-bar__part pop-bar__part--available" style={`width:${share(fund.availablePence, fund.totalPence)}`}></div>
    </div>
    <ul class="pop-key" aria-hidden="true">
      <li><span class="pop-key__swatch pop-bar__part--paid"></span>Paid</li>
      <li><span class="pop-key__swatch pop-bar__part--reserved"></span>Reserved</li>
      <li><span class="pop-key__swatch pop-bar__part--available"></span>Available</li>
    </ul>
  </>
);

const agreementsPage = async (c: Context<WebEnv>) => {
  const { fund } = await chosenFund(c);
  const agreements = (await getOrFail<Page<Agreement>>(c, `/v1/funds/${fund.id}/agreements${query({ limit: 200 })}`)).items;
  const names = await organisationNames(c, agreements.map((a) => a.organisationId), 'vcse');
  return render(
    c,
    { title: 'Agreements' },
    <>
      {c.req.query('done') === 'created' ? <Banner>Agreement set up.</Banner> : null}
      <span class="nhsuk-caption-l">{fund.name}</span>
      <h1>Agreements</h1>
      <p>
        <a class="nhsuk-button" href={`/fund/agreements/new?fundId=${fund.id}`}>Set up an agreement</a>
      </p>
      <Table
        caption="Agreements with organisations"
        head={['Organisation', 'Kind', 'Funding', 'Capacity used', 'Runs']}
        rows={agreements.map((a) => [
          nameOf(names, a.organisationId, 'Organisation'),
          a.kind === 'block' ? 'Block' : 'Per referral',
          a.kind === 'block' ? `${money(a.amountPence ?? 0)} in all` : `${money(a.tariffPence ?? 0)} a referral`,
          <CapacityMeter agreement={a} />,
          `${date(a.startsOn)} to ${date(a.endsOn)}`,
        ])}
      />
    </>,
  );
};

const AGREEMENT_FIELDS = {
  '/organisationId': { id: 'organisationId', label: 'Organisation' },
  '/activityId': { id: 'activityId', label: 'Activity' },
  '/kind': { id: 'kind', label: 'Kind of agreement' },
  '/capacity': { id: 'capacity', label: 'Referrals each period' },
  '/period': { id: 'period', label: 'Period' },
  '/tariffPence': { id: 'tariff', label: 'Payment for each referral' },
  '/amountPence': { id: 'amount', label: 'Block amount' },
  '/startsOn': dateField('startsOn', 'Start date'),
  '/endsOn': dateField('endsOn', 'End date'),
};

const AGREEMENT_DATES = { startsOn: 'Start date', endsOn: 'End date' };

const newAgreementPage = async (c: Context<WebEnv>, state: FormState, status: 200 | 400 | 409 = 200) => {
  const { fund } = await chosenFund(c);
  const activities = (await getOrUndefined<Page<Activity>>(c, `/v1/activities${query({ limit: 200 })}`))?.items ?? [];
  // Every organisation that runs an activity in the directory, named by the API.
  const names = await organisationNames(c, activities.map((a) => a.organisationId), 'vcse');
  const organisations = [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  return render(
    c,
    { title: 'Set up an agreement', hasErrors: state.errors.length > 0, status, before: <BackLink href="/fund/agreements" text="Back to agreements" /> },
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <ErrorSummary state={state} />
        <span class="nhsuk-caption-l">{fund.name}</span>
        <h1>Set up an agreement</h1>
        <form method="post" action={`/fund/agreements/new?fundId=${fund.id}`} novalidate>
          <FormTokens csrf={c.get('session')!.csrf} />
          <Select id="organisationId" label="Organisation" state={state} options={[{ value: '', text: 'Choose an organisation' }, ...organisations.map((o) => ({ value: o.id, text: o.name }))]} />
          <Select id="activityId" label="Activity (optional)" hint="Leave as all activities for an agreement that covers everything the organisation runs." state={state} options={[{ value: '', text: 'All of the organisation’s activities' }, ...activities.map((a) => ({ value: a.id, text: a.name }))]} />
          <Radios
            id="kind"
            legend="Kind of agreement"
            state={state}
            options={[
              { value: 'block', text: 'Block', hint: 'A fixed amount for up to a number of referrals each period, reserved from the fund now' },
              { value: 'per_referral', text: 'Per referral', hint: 'A payment for each referral accepted' },
            ]}
          />
          <Input id="capacity" label="Referrals each period" hint="Required for a block agreement; optional per referral" state={state} width="nhsuk-input--width-10" inputmode="numeric" />
          <Select id="period" label="Period" state={state} options={[{ value: 'month', text: 'Each month' }, { value: 'quarter', text: 'Each quarter' }, { value: 'agreement', text: 'The whole agreement' }]} />
          <Input id="tariff" label="Payment for each referral" hint="Per-referral agreements only, for example 35.00" prefix="£" state={state} width="nhsuk-input--width-10" inputmode="decimal" />
          <Input id="amount" label="Block amount" hint="Block agreements only, for example 12000.00" prefix="£" state={state} width="nhsuk-input--width-10" inputmode="decimal" />
          <DateInput id="startsOn" legend="Start date" hint="For example, 1 12 2026" state={state} />
          <DateInput id="endsOn" legend="End date" hint="For example, 31 3 2027" state={state} />
          <Button id="create-agreement">Set up agreement</Button>
        </form>
      </div>
    </div>,
  );
};

/** "35", "35.5" and "£1,200.00" in pence; anything else comes back as typed, and the form refuses it in pounds. */
const pence = (pounds: string): number | string | undefined => {
  if (pounds === '') return undefined;
  const match = /^£?\s*(\d{1,3}(,\d{3})*|\d+)(\.(\d{1,2}))?$/.exec(pounds);
  if (!match) return pounds;
  return Number(match[1]!.replace(/,/g, '')) * 100 + Number((match[4] ?? '0').padEnd(2, '0'));
};

export const fundRoutes = new Hono<WebEnv>()
  .get('/fund', async (c) => {
    const { fund, funds } = await chosenFund(c);
    return render(
      c,
      { title: fund.name },
      <>
        <span class="nhsuk-caption-l">Fund</span>
        <h1>{fund.name}</h1>
        {funds.length > 1 ? (
          <ul>
            {funds.filter((f) => f.id !== fund.id).map((f) => (
              <li><a href={`/fund?fundId=${f.id}`}>{f.name}</a></li>
            ))}
          </ul>
        ) : null}
        <FundFigures fund={fund} />
        <p><a href={`/fund/agreements?fundId=${fund.id}`}>Agreements and capacity used</a></p>
        <p><a href={`/fund/runs?fundId=${fund.id}`}>Payment runs</a></p>
      </>,
    );
  })
  .get('/fund/agreements', agreementsPage)
  .get('/fund/agreements/new', (c) => newAgreementPage(c, emptyForm({ period: 'month', ...(c.get('kept') ?? {}) })))
  .post('/fund/agreements/new', async (c) => {
    const { fund } = await chosenFund(c);
    const form = await c.req.parseBody();
    const value = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');
    const dates = readDates(form, AGREEMENT_DATES);
    const fields = Object.fromEntries(['organisationId', 'activityId', 'kind', 'capacity', 'period', 'tariff', 'amount'].map((k) => [k, value(k)]));
    const values = { ...fields, ...dates.values };
    // An amount that is not pounds and pence cannot be turned into pence to send: said here, in pounds,
    // as a date that cannot be built is (the API would answer in pence). Nothing is sent.
    const amountErrors = (['tariff', 'amount'] as const).flatMap((id) =>
      typeof pence(fields[id] ?? '') === 'string' ? [{ field: id, message: `${AGREEMENT_FIELDS[`/${id}Pence`].label} must be an amount in pounds, like 35.00` }] : [],
    );
    if (dates.errors.length > 0 || amountErrors.length > 0) return newAgreementPage(c, { values, errors: [...amountErrors, ...dates.errors] }, 400);
    const capacity = fields.capacity ? (/^\d+$/.test(fields.capacity) ? Number(fields.capacity) : fields.capacity) : undefined;
    const body = Object.fromEntries(
      Object.entries({ ...fields, ...dates.iso, capacity, tariff: undefined, amount: undefined, tariffPence: pence(fields.tariff ?? ''), amountPence: pence(fields.amount ?? '') }).filter(([, v]) => v !== undefined && v !== ''),
    );
    const result = await callApi(c, 'POST', `/v1/funds/${fund.id}/agreements`, { body, idempotencyKey: value('_idem') });
    if (result.ok) return c.redirect(`/fund/agreements?fundId=${fund.id}&done=created`, 303);
    return newAgreementPage(c, { values, errors: problemErrors(result.problem, AGREEMENT_FIELDS, 'organisationId', { fund_exhausted: 'amount' }) }, result.status === 409 ? 409 : 400);
  });

