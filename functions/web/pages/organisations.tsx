// Fund managers, commissioners and admins: organisations and their Stripe onboarding; admins add an organisation.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { callApi, getOrFail, getOrUndefined, query } from '../api-client.js';
import type { Page, UndeliveredEmail } from '../api-types.js';
import { Button, emptyForm, ErrorSummary, FormTokens, Input, Select, type FormState } from '../components/forms.js';
import { render } from '../components/page.js';
import { UndeliveredByOrganisation } from '../components/undelivered.js';
import { BackLink, Banner, Table, Tag, type TagColour } from '../components/ui.js';
import type { WebEnv } from '../env.js';
import { problemErrors } from '../problems.js';

interface OrganisationSummary {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly charityNumber: string | null;
  readonly odsCode: string | null;
  readonly onboarding: 'not_started' | 'in_progress' | 'complete' | null;
}

const ONBOARDING: Record<NonNullable<OrganisationSummary['onboarding']>, [string, TagColour]> = {
  not_started: ['Not started', 'grey'],
  in_progress: ['Started, not finished', 'yellow'],
  complete: ['Ready to receive payments', 'green'],
};

export const KINDS = [
  { value: 'vcse', text: 'Voluntary and community organisation' },
  { value: 'referrer', text: 'Referring organisation (link workers)' },
  { value: 'fund_manager', text: 'Fund manager' },
  { value: 'commissioner', text: 'Commissioner' },
] as const;

const kindText = (kind: string) => KINDS.find((k) => k.value === kind)?.text ?? kind;

const isAdmin = (c: Context<WebEnv>) => c.get('session')?.roles.includes('admin') ?? false;

const listPage = async (c: Context<WebEnv>) => {
  const admin = isAdmin(c);
  // Fund managers and commissioners care about who can be paid; an admin sees every kind.
  const kind = admin ? c.req.query('kind') || undefined : 'vcse';
  const [organisations, undelivered] = await Promise.all([
    getOrFail<Page<OrganisationSummary>>(c, `/v1/organisations${query({ kind, limit: 200 })}`).then((p) => p.items),
    // Fund managers and admins see every organisation's; anyone else is refused and sees none.
    getOrUndefined<Page<UndeliveredEmail>>(c, `/v1/undelivered-emails${query({ limit: 200 })}`).then((p) => p?.items ?? []),
  ]);
  const ready = organisations.filter((o) => o.onboarding === 'complete').length;
  const paid = organisations.filter((o) => o.onboarding !== null).length;
  return render(
    c,
    { title: 'Organisations' },
    <>
      {c.req.query('done') === 'created' ? <Banner>Organisation added.</Banner> : null}
      <h1>Organisations</h1>
      {paid > 0 ? <p class="nhsuk-lede-text">{`${ready} of ${paid} voluntary and community organisations can receive payments.`}</p> : null}
      <p>An organisation that has not finished setting up payments with Stripe is held back from payment runs until it does.</p>
      <UndeliveredByOrganisation items={undelivered} names={new Map(organisations.map((o) => [o.id, o.name]))} />
      {admin ? (
        <p>
          <a class="nhsuk-button" href="/organisations/new">Add an organisation</a>
        </p>
      ) : null}
      <Table
        caption="Organisations"
        head={['Organisation', 'Kind', 'Charity number', 'Payments set up', ...(admin ? [''] : [])]}
        rows={organisations.map((o) => [
          o.name,
          kindText(o.kind),
          o.charityNumber ?? '',
          o.onboarding ? <Tag colour={ONBOARDING[o.onboarding][1]}>{ONBOARDING[o.onboarding][0]}</Tag> : 'Not needed: not paid by funds',
          ...(admin
            ? [
                <a href={`/people/${o.id}`}>
                  People<span class="nhsuk-u-visually-hidden">{` at ${o.name}`}</span>
                </a>,
              ]
            : []),
        ])}
      />
    </>,
  );
};

const newPage = (c: Context<WebEnv>, state: FormState, status: 200 | 400 | 409 = 200) =>
  render(
    c,
    { title: 'Add an organisation', hasErrors: state.errors.length > 0, status, before: <BackLink href="/organisations" text="Back to organisations" /> },
    <>
      <ErrorSummary state={state} />
      <h1>Add an organisation</h1>
      <form method="post" novalidate>
        <FormTokens csrf={c.get('session')!.csrf} />
        <Input id="name" label="Name" state={state} width="nhsuk-u-width-full" />
        <Select id="kind" label="Kind of organisation" state={state} options={KINDS} />
        <Input id="charityNumber" label="Charity number (optional)" hint="For example, 1234567" state={state} width="nhsuk-input--width-10" />
        <Input id="odsCode" label="ODS code (optional)" hint="For NHS organisations, for example G82001" state={state} width="nhsuk-input--width-10" />
        <Button id="add">Add organisation</Button>
      </form>
    </>,
  );

const FIELDS = {
  '/name': { id: 'name', label: 'Name' },
  '/kind': { id: 'kind', label: 'Kind of organisation' },
  '/charityNumber': { id: 'charityNumber', label: 'Charity number' },
  '/odsCode': { id: 'odsCode', label: 'ODS code' },
};

export const organisationRoutes = new Hono<WebEnv>()
  .get('/organisations', listPage)
  .get('/organisations/new', (c) => newPage(c, emptyForm({ kind: 'vcse', ...(c.get('kept') ?? {}) })))
  .post('/organisations/new', async (c) => {
    const form = await c.req.parseBody();
    const v = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');
    const body = { name: v('name'), kind: v('kind'), ...(v('charityNumber') ? { charityNumber: v('charityNumber') } : {}), ...(v('odsCode') ? { odsCode: v('odsCode').toUpperCase() } : {}) };
    const result = await callApi(c, 'POST', '/v1/organisations', { body, ...(v('_idem') ? { idempotencyKey: v('_idem') } : {}) });
    if (result.ok) return c.redirect('/organisations?done=created', 303);
    const values = { name: v('name'), kind: v('kind'), charityNumber: v('charityNumber'), odsCode: v('odsCode') };
    return newPage(c, { values, errors: problemErrors(result.problem, FIELDS, 'name') }, result.status === 409 ? 409 : 400);
  });
