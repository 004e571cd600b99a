// Link workers (often on a phone): find an activity, send a referral, follow the referrals sent, withdraw one.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { callApi, getOrFail, getOrUndefined, query } from '../api-client.js';
import type { Activity, Page, Referral } from '../api-types.js';
import { Button, emptyForm, ErrorSummary, FormTokens, Input, Select, type FormState } from '../components/forms.js';
import { render } from '../components/page.js';
import { Details } from '../components/details.js';
import { BackLink, Banner, Panel, SummaryList, Table, Tag } from '../components/ui.js';
import type { WebEnv } from '../env.js';
import { date, percent, words } from '../format.js';
import { problemErrors } from '../problems.js';
import { CATEGORIES, choices, SOURCES } from '../vocabulary.js';
import { StatusTag } from './vcse-referrals.js';

const provider = (a: Activity) => a.provider?.name ?? 'Local organisation';

const responseTime = (hours: number | null) => (hours == null ? 'Not yet known' : hours < 48 ? `${hours} hours` : `${Math.round(hours / 24)} days`);

const ActivityCard = ({ activity }: { activity: Activity }) => (
  <li class="nhsuk-card">
    <div class="nhsuk-card__content">
      <h2 class="nhsuk-card__heading nhsuk-heading-m">{activity.name}</h2>
      <p class="nhsuk-body-s nhsuk-u-secondary-text-colour">{`${words(activity.category)} · ${provider(activity)}`}</p>
      {activity.description ? <p>{activity.description}</p> : null}
      <SummaryList
        rows={[
          ['Where', activity.where ?? activity.postcode ?? 'Ask the organisation'],
          ...(activity.when ? [['When', activity.when] as const] : []),
          ...(activity.contact?.email || activity.contact?.phone ? [['Contact', [activity.contact.email, activity.contact.phone].filter(Boolean).join(', ')] as const] : []),
          ['Accepts', percent(activity.stats.acceptanceRate) === 'Not yet known' ? 'Not yet known' : `${percent(activity.stats.acceptanceRate)} of referrals`],
          ['Usually answers within', responseTime(activity.stats.medianResponseHours)],
          ...(activity.acceptingReferrals === false ? [['Funded referrals', <Tag colour="orange">{activity.notAcceptingReason?.detail ?? 'Not taking funded referrals now'}</Tag>] as const] : []),
        ]}
      />
      <a class="nhsuk-button nhsuk-u-margin-bottom-0" href={`/directory/${activity.id}/refer`}>
        Refer someone<span class="nhsuk-u-visually-hidden">{` to ${activity.name}`}</span>
      </a>
    </div>
  </li>
);

const directory = async (c: Context<WebEnv>) => {
  const q = c.req.query('q')?.trim() ?? '';
  const category = c.req.query('category') ?? '';
  const postcode = c.req.query('postcode')?.trim() ?? '';
  const page = await getOrFail<Page<Activity>>(c, `/v1/activities${query({ q, category: category || undefined, postcode, limit: 50 })}`);
  // Words are matched here too, so the search works before the API's own ?q= does.
  const terms = q.toLowerCase().split(/\s+/).filter(Boolean);
  const found = page.items.filter((a) => terms.every((t) => `${a.name} ${a.description ?? ''} ${provider(a)}`.toLowerCase().includes(t)));
  const state = emptyForm({ q, category, postcode });
  return render(
    c,
    { title: 'Find an activity' },
    <>
      <h1>Find an activity</h1>
      <div class="nhsuk-grid-row">
        <form class="nhsuk-grid-column-two-thirds" method="get" action="/directory" novalidate>
          <Input id="q" label="What are you looking for?" hint="For example, walking, befriending or debt advice" state={state} type="search" />
          <Select id="category" label="Type of activity" state={state} options={[{ value: '', text: 'Any type' }, ...CATEGORIES.map((k) => ({ value: k, text: words(k) }))]} />
          <Input id="postcode" label="Near postcode (optional)" state={state} width="nhsuk-input--width-10" autocomplete="postal-code" />
          <Button secondary id="search">Search</Button>
        </form>
      </div>
      <h2 class="nhsuk-heading-s" aria-live="polite">{`${found.length} ${found.length === 1 ? 'activity' : 'activities'} found`}</h2>
      <ul class="nhsuk-list">
        {found.map((a) => (
          <ActivityCard activity={a} />
        ))}
      </ul>
    </>,
  );
};

const REFER_FIELDS = {
  '/clientRef': { id: 'clientRef', label: 'Client reference' },
  '/source': { id: 'source', label: 'Where the referral came from' },
  '/priorityGroup': { id: 'priorityGroup', label: 'Priority group' },
  '/referrerContact': { id: 'referrerContact', label: 'Your work contact' },
  '/activityId': { id: 'clientRef', label: 'Activity' },
};

const referPage = async (c: Context<WebEnv>, activityId: string, state: FormState, status: 200 | 400 | 409 = 200) => {
  const activity = await getOrUndefined<Activity>(c, `/v1/activities/${encodeURIComponent(activityId)}`);
  if (!activity) return c.notFound();
  return render(
    c,
    { title: `Refer someone to ${activity.name}`, hasErrors: state.errors.length > 0, status, before: <BackLink href="/directory" text="Back to activities" /> },
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <ErrorSummary state={state} />
        <span class="nhsuk-caption-l">{provider(activity)}</span>
        <h1>{`Refer someone to ${activity.name}`}</h1>
        <form method="post" novalidate>
          <FormTokens csrf={c.get('session')!.csrf} />
          <Input
            id="clientRef"
            label="Client reference"
            hint="Your own pseudonymous reference for this person, for example MW-2026-0142. Never their name or NHS number."
            state={state}
            width="nhsuk-input--width-20"
            spellcheck={false}
            autocomplete="off"
          />
          <Select id="source" label="Where the referral came from" state={state} options={choices(SOURCES, 'Choose where it came from')} />
          <Input id="priorityGroup" label="Priority group (optional)" hint="For example, people living with frailty" state={state} />
          <Button id="send">Send referral</Button>
        </form>
      </div>
    </div>,
  );
};

/** The rest in a compact table, the latest five shown and the others folded away (a phone between appointments). */
const AnsweredList = ({ referrals, names }: { referrals: readonly Referral[]; names: ReadonlyMap<string, string> }) => {
  const table = (rows: readonly Referral[], caption: string) => (
    <Table
      caption={caption}
      captionSize="s"
      head={['Client reference', 'Activity', 'Where it stands', 'Sent']}
      rows={rows.map((r) => [r.clientRef, names.get(r.activityId) ?? 'Activity', <div class="pop-cell"><StatusTag status={r.status} />{r.declineReason ? <span class="nhsuk-body-s pop-reference">{r.declineReason}</span> : null}</div>, date(r.sentAt)])}
    />
  );
  return (
    <>
      {table(referrals.slice(0, 5), 'The latest')}
      {referrals.length > 5 ? <Details summary={`Show ${referrals.length - 5} older referrals`}>{table(referrals.slice(5), 'Older referrals')}</Details> : null}
    </>
  );
};

const sentList = async (c: Context<WebEnv>) => {
  const page = await getOrFail<Page<Referral>>(c, `/v1/referrals${query({ limit: 100 })}`);
  const activities = await getOrFail<Page<Activity>>(c, `/v1/activities${query({ limit: 200 })}`);
  const names = new Map(activities.items.map((a) => [a.id, a.name]));
  const referrals = [...page.items].sort((a, b) => b.sentAt.localeCompare(a.sentAt));
  // Only a waiting referral needs anything from the link worker: those come first, as cards with their button.
  const waiting = referrals.filter((r) => r.status === 'sent');
  const answered = referrals.filter((r) => r.status !== 'sent');
  const done = c.req.query('done');
  return render(
    c,
    { title: 'Referrals sent' },
    <>
      {done === 'withdrawn' ? <Banner>Referral withdrawn.</Banner> : null}
      <h1>Referrals sent</h1>
      {referrals.length === 0 ? <p>You have not sent any referrals yet.</p> : null}
      {waiting.length > 0 ? <h2>{`Waiting for an answer (${waiting.length})`}</h2> : null}
      <ul class="nhsuk-list">
        {waiting.map((r) => (
          <li class="nhsuk-card">
            <div class="nhsuk-card__content">
              <h3 class="nhsuk-card__heading nhsuk-heading-s">{`${r.clientRef}: ${names.get(r.activityId) ?? 'Activity'}`}</h3>
              <p>
                <StatusTag status={r.status} />
              </p>
              <p class="nhsuk-body-s">{`Sent ${date(r.sentAt)}. The organisation answers by ${date(r.respondBy)}.`}</p>
              <form method="post" action={`/sent/${r.id}/withdraw`} novalidate>
                <FormTokens csrf={c.get('session')!.csrf} />
                <Button secondary>
                  Withdraw<span class="nhsuk-u-visually-hidden">{` referral ${r.clientRef}`}</span>
                </Button>
              </form>
            </div>
          </li>
        ))}
      </ul>
      {answered.length > 0 ? <h2>{`Answered or closed (${answered.length})`}</h2> : null}
      {answered.length > 0 ? <AnsweredList referrals={answered} names={names} /> : null}
    </>,
  );
};

export const linkWorkerRoutes = new Hono<WebEnv>()
  .get('/directory', directory)
  .get('/directory/:id/refer', (c) => referPage(c, c.req.param('id'), emptyForm(c.get('kept') ?? {})))
  .post('/directory/:id/refer', async (c) => {
    const activityId = c.req.param('id');
    const form = await c.req.parseBody();
    const value = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');
    const values = { clientRef: value('clientRef'), source: value('source'), priorityGroup: value('priorityGroup') };
    const body = { activityId, ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')) };
    const result = await callApi<Referral>(c, 'POST', '/v1/referrals', { body, idempotencyKey: value('_idem') });
    if (!result.ok) return referPage(c, activityId, { values, errors: problemErrors(result.problem, REFER_FIELDS, 'clientRef', { activity_closed: 'clientRef' }) }, result.status === 409 ? 409 : 400);
    const referral = result.data;
    return render(
      c,
      { title: 'Referral sent' },
      <>
        <Panel title="Referral sent">
          <p>
            Reference <strong>{referral.clientRef}</strong>
          </p>
        </Panel>
        {(referral.warnings ?? []).map((w) => (
          <div class="nhsuk-warning-callout">
            <h2 class="nhsuk-warning-callout__label">
              <span role="text">
                <span class="nhsuk-u-visually-hidden">Important: </span>Check before you tell the person
              </span>
            </h2>
            <p>{w.detail}</p>
          </div>
        ))}
        <h2>What happens next</h2>
        <p>{`The organisation will accept or decline the referral by ${date(referral.respondBy)}. You can follow it on your list of referrals sent.`}</p>
        <p>
          <a href="/sent">See referrals sent</a>
        </p>
        <p>
          <a href="/directory">Refer someone else</a>
        </p>
      </>,
    );
  })
  .get('/sent', sentList)
  .post('/sent/:id/withdraw', async (c) => {
    const form = await c.req.parseBody();
    const result = await callApi(c, 'POST', `/v1/referrals/${c.req.param('id')}/withdraw`, { idempotencyKey: String(form._idem ?? '') });
    if (result.ok) return c.redirect('/sent?done=withdrawn', 303);
    return render(c, { title: 'The referral could not be withdrawn', status: 409, before: <BackLink href="/sent" /> }, <><h1>The referral could not be withdrawn</h1><p>{result.problem.detail}</p></>);
  });
