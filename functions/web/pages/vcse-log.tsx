// VCSE: log a referral accepted on another platform, and set up payments (Stripe onboarding).
import { Hono } from 'hono';
import type { Context } from 'hono';
import { callApi, getOrFail, query } from '../api-client.js';
import type { Activity, Organisation, Page } from '../api-types.js';
import { DateInput } from '../components/date-input.js';
import { Button, emptyForm, ErrorSummary, FormTokens, Input, Select, type FormState } from '../components/forms.js';
import { render } from '../components/page.js';
import { BackLink, Inset, SummaryList, Tag } from '../components/ui.js';
import { dateField, readDates } from '../date-boxes.js';
import type { WebEnv } from '../env.js';
import { problemErrors } from '../problems.js';
import { choices, SOURCES } from '../vocabulary.js';

const LOG_FIELDS = {
  '/activityId': { id: 'activityId', label: 'Activity' },
  '/clientRef': { id: 'clientRef', label: 'Client reference' },
  '/source': { id: 'source', label: 'Where the referral came from' },
  '/externalRef': { id: 'externalRef', label: 'Reference on the other platform' },
  '/acceptedAt': dateField('acceptedAt', 'Acceptance date'),
};

const logPage = async (c: Context<WebEnv>, state: FormState, status: 200 | 400 | 409 = 200) => {
  const activities = await getOrFail<Page<Activity>>(c, `/v1/activities${query({ organisationId: c.get('session')?.organisationId, limit: 200 })}`);
  return render(
    c,
    { title: 'Log a referral accepted elsewhere', hasErrors: state.errors.length > 0, status, before: <BackLink href="/referrals" text="Back to referrals" /> },
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <ErrorSummary state={state} />
        <h1>Log a referral accepted on another platform</h1>
        <p>If you accepted a referral through another social prescribing platform, log it here so that it is funded like any other. Each reference can be logged once.</p>
        <form method="post" novalidate>
          <FormTokens csrf={c.get('session')!.csrf} />
          <Select id="activityId" label="Activity" state={state} options={[{ value: '', text: 'Choose an activity' }, ...activities.items.map((a) => ({ value: a.id, text: a.name }))]} />
          <Input id="clientRef" label="Client reference" hint="The pseudonymous reference from the referral, for example MW-2026-0142. Never a name or NHS number." state={state} width="nhsuk-input--width-20" spellcheck={false} />
          <Select id="source" label="Where the referral came from" state={state} options={choices(SOURCES, 'Choose where it came from')} />
          <Input id="externalRef" label="Reference on the other platform" state={state} width="nhsuk-input--width-20" spellcheck={false} />
          <DateInput id="acceptedAt" legend="Acceptance date" hint="For example, 28 11 2026" state={state} />
          <Button id="log">Log referral</Button>
        </form>
      </div>
    </div>,
  );
};

const onboardingPage = async (c: Context<WebEnv>, state: FormState, status: 200 | 409 | 503 = 200) => {
  const organisationId = c.get('session')?.organisationId;
  const organisation = await getOrFail<Organisation>(c, `/v1/organisations/${organisationId ?? 'none'}`);
  const started = organisation.stripeAccountId !== null;
  return render(
    c,
    { title: 'Getting paid', hasErrors: state.errors.length > 0, status },
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <ErrorSummary state={state} />
        <h1>Getting paid</h1>
        <SummaryList
          rows={[
            ['Organisation', organisation.name],
            ['Payments', organisation.payoutsEnabled ? <Tag colour="green">Ready to receive payments</Tag> : started ? <Tag colour="yellow">Details not finished</Tag> : <Tag colour="grey">Not set up</Tag>],
          ]}
        />
        {organisation.payoutsEnabled ? (
          <p>Your organisation is paid by bank transfer through Stripe in each payment run. There is nothing more to do.</p>
        ) : (
          <>
            <p>We pay your organisation through Stripe, a payment company. Stripe asks for your organisation’s bank account and the details of a person responsible for it.</p>
            <Inset>It takes about 10 minutes. Until it is done, what you are owed is held and paid in the next payment run after you finish.</Inset>
            <form method="post" novalidate>
              <FormTokens csrf={c.get('session')!.csrf} />
              <Button id="onboarding">{started ? 'Continue setting up payments' : 'Set up payments'}</Button>
            </form>
          </>
        )}
      </div>
    </div>,
  );
};

export const vcseLogRoutes = new Hono<WebEnv>()
  .get('/referrals/log', (c) => logPage(c, emptyForm(c.get('kept') ?? {})))
  .post('/referrals/log', async (c) => {
    const form = await c.req.parseBody();
    const value = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');
    const fields = { activityId: value('activityId'), clientRef: value('clientRef'), source: value('source'), externalRef: value('externalRef') };
    const dates = readDates(form, { acceptedAt: 'Acceptance date' });
    const values = { ...fields, ...dates.values };
    if (dates.errors.length > 0) return logPage(c, { values, errors: dates.errors }, 400);
    // Empty fields are left out, so the API names each one that is missing.
    const body = Object.fromEntries(Object.entries({ ...fields, ...dates.iso }).filter(([, v]) => v !== undefined && v !== ''));
    const result = await callApi(c, 'POST', '/v1/referrals', { body, idempotencyKey: value('_idem') });
    if (result.ok) return c.redirect('/referrals?done=logged', 303);
    return logPage(c, { values, errors: problemErrors(result.problem, LOG_FIELDS, 'activityId', { duplicate_referral: 'externalRef', capacity_exhausted: 'activityId', fund_exhausted: 'activityId', no_agreement: 'activityId' }) }, result.status === 409 ? 409 : 400);
  })
  .get('/payments-setup', (c) => onboardingPage(c, emptyForm()))
  .post('/payments-setup', async (c) => {
    const organisationId = c.get('session')?.organisationId ?? 'none';
    const form = await c.req.parseBody();
    const result = await callApi<{ url: string }>(c, 'POST', `/v1/organisations/${organisationId}/stripe-onboarding`, { idempotencyKey: String(form._idem ?? '') });
    // Stripe's hosted onboarding is a page of its own; it sends the person back to /onboarding-complete.
    if (result.ok) return c.redirect(result.data.url, 303);
    return onboardingPage(c, { values: {}, errors: problemErrors(result.problem, {}, 'onboarding') }, result.status === 503 ? 503 : 409);
  });
