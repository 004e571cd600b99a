// VCSE: the organisation's activities; changing one (name, description, when, where, contact, category), pausing, closing, reopening.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { callApi, getOrFail, query } from '../api-client.js';
import type { Activity, Page } from '../api-types.js';
import { Button, emptyForm, ErrorSummary, FormTokens, Input, Select, type FormState } from '../components/forms.js';
import { render } from '../components/page.js';
import { Textarea } from '../components/textarea.js';
import { BackLink, Banner, Table, Tag, type TagColour } from '../components/ui.js';
import type { WebEnv } from '../env.js';
import { words } from '../format.js';
import { problemErrors } from '../problems.js';
import { CATEGORIES } from '../vocabulary.js';

type ActivityStatus = 'active' | 'paused' | 'closed';
type OwnActivity = Activity & { readonly status: ActivityStatus };

const STATUS: Record<ActivityStatus, [string, TagColour, string]> = {
  active: ['Open', 'green', 'Taking referrals.'],
  paused: ['Paused', 'yellow', 'Referrals still arrive, each with a warning to the link worker that the activity is paused.'],
  closed: ['Closed', 'grey', 'No new referrals, and it is not in the directory. Referrals already sent can still be answered.'],
};

const DONE: Record<string, string> = { saved: 'Activity changed.', active: 'Activity reopened.', paused: 'Activity paused.', closed: 'Activity closed.' };

const listPage = async (c: Context<WebEnv>) => {
  const organisationId = c.get('session')?.organisationId;
  const activities = (await getOrFail<Page<OwnActivity>>(c, `/v1/activities${query({ organisationId, limit: 200 })}`)).items;
  const done = DONE[c.req.query('done') ?? ''];
  return render(
    c,
    { title: 'Activities' },
    <>
      {done ? <Banner>{done}</Banner> : null}
      <h1>Activities</h1>
      <p>What link workers see in the directory. Keep the details right so that people arrive at the right place and time.</p>
      {activities.length === 0 ? (
        <p>Your organisation has no activities yet.</p>
      ) : (
        <Table
          caption="Your activities"
          head={['Activity', 'Type', 'Status', 'Taking funded referrals today', '']}
          rows={activities.map((a) => [
            a.name,
            words(a.category),
            <Tag colour={STATUS[a.status][1]}>{STATUS[a.status][0]}</Tag>,
            a.acceptingReferrals === false ? (a.notAcceptingReason?.detail ?? 'No') : 'Yes',
            <a href={`/activities/${a.id}`}>
              Change<span class="nhsuk-u-visually-hidden">{` ${a.name}`}</span>
            </a>,
          ])}
        />
      )}
    </>,
  );
};

const valuesOf = (a: OwnActivity): Record<string, string> => ({
  name: a.name,
  category: a.category,
  description: a.description ?? '',
  when: a.when ?? '',
  where: a.where ?? '',
  contactEmail: a.contact?.email ?? '',
  contactPhone: a.contact?.phone ?? '',
  contactUrl: a.contact?.url ?? '',
});

const STATUS_ACTIONS: Record<ActivityStatus, readonly [ActivityStatus, string][]> = {
  active: [['paused', 'Pause activity'], ['closed', 'Close activity']],
  paused: [['active', 'Reopen activity'], ['closed', 'Close activity']],
  closed: [['active', 'Reopen activity']],
};

const editPage = (c: Context<WebEnv>, activity: OwnActivity, state: FormState, status: 200 | 400 | 404 | 409 = 200) => {
  const csrf = c.get('session')!.csrf;
  return render(
    c,
    { title: `Change ${activity.name}`, hasErrors: state.errors.length > 0, status, before: <BackLink href="/activities" text="Back to activities" /> },
    <>
      <ErrorSummary state={state} />
      <span class="nhsuk-caption-l">Activity</span>
      <h1>{activity.name}</h1>
      <p>
        <Tag colour={STATUS[activity.status][1]}>{STATUS[activity.status][0]}</Tag> {STATUS[activity.status][2]}
      </p>
      <form method="post" novalidate>
        <FormTokens csrf={csrf} />
        <Input id="name" label="Name" state={state} width="nhsuk-u-width-full" />
        <Select id="category" label="Type of activity" state={state} options={CATEGORIES.map((value) => ({ value, text: words(value) }))} />
        <Textarea id="description" label="Description" hint="What happens, who it suits, and anything people should bring." state={state} />
        <Input id="when" label="When it runs" hint="For example, Tuesdays 10am to 11:30am, not bank holidays" state={state} width="nhsuk-u-width-full" />
        <Input id="where" label="Where it runs" hint="For example, meet at the bandstand, The Strand, Chatham" state={state} width="nhsuk-u-width-full" />
        <fieldset class="nhsuk-fieldset">
          <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">How a link worker contacts you about this activity</legend>
          <Input id="contactEmail" label="Work e-mail" type="email" autocomplete="email" spellcheck={false} state={state} width="nhsuk-input--width-30" />
          <Input id="contactPhone" label="Phone" type="tel" autocomplete="tel" state={state} width="nhsuk-input--width-20" />
          <Input id="contactUrl" label="Web page" type="url" spellcheck={false} state={state} width="nhsuk-input--width-30" />
        </fieldset>
        <Button id="save" name="_action" value="save">
          Save changes
        </Button>
      </form>
      <h2>Pause or close</h2>
      <form method="post" novalidate>
        <FormTokens csrf={csrf} />
        <div class="nhsuk-button-group">
          {STATUS_ACTIONS[activity.status].map(([to, text], i) => (
            <Button secondary={to !== 'closed'} warning={to === 'closed'} id={i === 0 ? 'status' : `status-${to}`} name="_action" value={to}>
              {text}
            </Button>
          ))}
        </div>
      </form>
    </>,
  );
};

const FIELDS = {
  '/name': { id: 'name', label: 'Name' },
  '/category': { id: 'category', label: 'Type of activity' },
  '/description': { id: 'description', label: 'Description' },
  '/when': { id: 'when', label: 'When it runs' },
  '/where': { id: 'where', label: 'Where it runs' },
  '/contact/email': { id: 'contactEmail', label: 'Work e-mail' },
  '/contact/phone': { id: 'contactPhone', label: 'Phone' },
  '/contact/url': { id: 'contactUrl', label: 'Web page' },
  '/contact': { id: 'contactEmail', label: 'Contact' },
  '/status': { id: 'status', label: 'Status' },
};

/** What the form says, as the API's change: an emptied detail is cleared (`null`), an emptied contact too. */
const changeOf = (v: (k: string) => string) => {
  const contact = Object.fromEntries(
    ([['email', 'contactEmail'], ['phone', 'contactPhone'], ['url', 'contactUrl']] as const).filter(([, id]) => v(id)).map(([key, id]) => [key, v(id)]),
  );
  return {
    name: v('name'),
    category: v('category'),
    description: v('description') || null,
    when: v('when') || null,
    where: v('where') || null,
    contact: Object.keys(contact).length ? contact : null,
  };
};

export const vcseActivityRoutes = new Hono<WebEnv>()
  .get('/activities', listPage)
  .get('/activities/:id{act_[0-9A-Za-z]+}', async (c) => {
    const activity = await getOrFail<OwnActivity>(c, `/v1/activities/${c.req.param('id')}`);
    return editPage(c, activity, emptyForm({ ...valuesOf(activity), ...(c.get('kept') ?? {}) }));
  })
  .post('/activities/:id{act_[0-9A-Za-z]+}', async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const v = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');
    const action = v('_action');
    const body = action === 'save' ? changeOf(v) : { status: action };
    const result = await callApi<OwnActivity>(c, 'PATCH', `/v1/activities/${id}`, { body, ...(v('_idem') ? { idempotencyKey: v('_idem') } : {}) });
    if (result.ok) return c.redirect(`/activities?done=${action === 'save' ? 'saved' : action}`, 303);
    // Re-read so that a page left open shows the activity as it now stands beside the API's reason.
    const activity = await getOrFail<OwnActivity>(c, `/v1/activities/${id}`);
    const values = action === 'save' ? Object.fromEntries(Object.keys(valuesOf(activity)).map((k) => [k, v(k)])) : valuesOf(activity);
    const state = { values, errors: problemErrors(result.problem, FIELDS, action === 'save' ? 'save' : 'status') };
    return editPage(c, activity, state, result.status === 409 ? 409 : result.status === 404 ? 404 : 400);
  });
