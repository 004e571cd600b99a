// An organisation's people, for its lead and for admins: who can sign in, inviting someone by work e-mail, removing someone.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { callApi, getOrFail, PageError } from '../api-client.js';
import type { Organisation } from '../api-types.js';
import { Button, emptyForm, ErrorSummary, FormTokens, Input, Radios, Select, type FormState } from '../components/forms.js';
import { render } from '../components/page.js';
import { BackLink, Banner, Table, Tag } from '../components/ui.js';
import type { WebEnv } from '../env.js';
import { date } from '../format.js';
import { problemErrors } from '../problems.js';

interface Member {
  readonly sub: string;
  readonly email: string;
  readonly role: string;
  readonly lead: boolean;
  readonly status: 'active' | 'removed';
  readonly invitedAt: string;
}

/** The one role each kind of organisation's people have (the API refuses any other). */
const ROLE_FOR_KIND: Record<string, { value: string; text: string }> = {
  vcse: { value: 'vcse', text: 'Voluntary and community organisation staff' },
  referrer: { value: 'link_worker', text: 'Link worker' },
  fund_manager: { value: 'fund_manager', text: 'Fund manager' },
  commissioner: { value: 'commissioner', text: 'Commissioner' },
};
const ADMIN_ROLE = { value: 'admin', text: 'Administrator' };
const roleText = (role: string) => [...Object.values(ROLE_FOR_KIND), ADMIN_ROLE].find((r) => r.value === role)?.text ?? role;

const DONE: Record<string, string> = {
  invited: 'Invitation sent. They will get an e-mail with a temporary password.',
  // Cognito sends nothing to someone who had set a password: their removed account is simply enabled again.
  restored: 'They can sign in again, with the password they set before. No e-mail was sent: if they have forgotten it, they can reset it on the sign-in page.',
  removed: 'Removed. They can no longer sign in.',
};

const organisationIdOf = (c: Context<WebEnv>) => {
  const id = c.req.param('org') ?? c.get('session')?.organisationId;
  if (!id) throw new PageError({ status: 404, code: 'not_found', title: 'Not found', detail: 'Your account is not linked to an organisation.' });
  return id;
};

const peoplePage = async (c: Context<WebEnv>, state: FormState, status: 200 | 400 | 403 | 404 | 409 = 200) => {
  const organisationId = organisationIdOf(c);
  const session = c.get('session')!;
  const admin = session.roles.includes('admin');
  const [organisation, members] = await Promise.all([
    getOrFail<Organisation>(c, `/v1/organisations/${organisationId}`),
    getOrFail<{ items: Member[] }>(c, `/v1/organisations/${organisationId}/members`),
  ]);
  const roles = [...(ROLE_FOR_KIND[organisation.kind] ? [ROLE_FOR_KIND[organisation.kind]!] : []), ...(admin ? [ADMIN_ROLE] : [])];
  const done = DONE[c.req.query('done') ?? ''];
  return render(
    c,
    { title: `People at ${organisation.name}`, hasErrors: state.errors.length > 0, status, ...(admin ? { before: <BackLink href="/organisations" text="Back to organisations" /> } : {}) },
    <>
      <ErrorSummary state={state} />
      {done ? <Banner>{done}</Banner> : null}
      <span class="nhsuk-caption-l">{organisation.name}</span>
      <h1>People</h1>
      <Table
        caption="People who can sign in"
        head={['Work e-mail', 'Role', 'Invited', '']}
        rows={members.items
          .filter((m) => m.status === 'active')
          .map((m) => [
            <span class="pop-break">{m.email}</span>,
            <div class="pop-cell">
              {roleText(m.role)} {m.lead ? <Tag colour="blue">Lead</Tag> : null}
            </div>,
            date(m.invitedAt),
            m.sub === session.sub ? (
              'You'
            ) : (
              <form method="post" action={`${c.req.path}/remove`} class="pop-inline-form" novalidate>
                <FormTokens csrf={session.csrf} />
                <input type="hidden" name="sub" value={m.sub} />
                <button class="nhsuk-button nhsuk-button--warning nhsuk-button--small nhsuk-u-margin-bottom-0" data-module="nhsuk-button" type="submit" id={`remove-${m.sub}`}>
                  Remove<span class="nhsuk-u-visually-hidden">{` ${m.email}`}</span>
                </button>
              </form>
            ),
          ])}
      />
      <h2>Invite someone</h2>
      <form method="post" action={c.req.path} novalidate>
        <FormTokens csrf={session.csrf} />
        <Input id="email" label="Their work e-mail" hint="The invitation goes here. Use their work address, never a personal one." type="email" autocomplete="off" spellcheck={false} state={state} width="nhsuk-input--width-30" />
        <Select id="role" label="Role" state={state} options={roles} />
        <Radios
          id="lead"
          legend="Can they manage this organisation’s people?"
          state={state}
          small
          options={[
            { value: 'no', text: 'No' },
            { value: 'yes', text: 'Yes, make them a lead' },
          ]}
        />
        <Button id="invite">Send invitation</Button>
      </form>
    </>,
  );
};

const FIELDS = { '/email': { id: 'email', label: 'Work e-mail' }, '/role': { id: 'role', label: 'Role' }, '/lead': { id: 'lead', label: 'Lead' } };

const refusedStatus = (status: number) => (status === 409 ? 409 : status === 403 ? 403 : status === 404 ? 404 : 400);

const value = (form: Record<string, unknown>, k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');

const invite = async (c: Context<WebEnv>) => {
  const form = await c.req.parseBody();
  const body = { email: value(form, 'email'), role: value(form, 'role'), lead: value(form, 'lead') === 'yes' };
  const result = await callApi<{ invitation?: string }>(c, 'POST', `/v1/organisations/${organisationIdOf(c)}/members`, { body, ...(value(form, '_idem') ? { idempotencyKey: value(form, '_idem') } : {}) });
  if (result.ok) return c.redirect(`${c.req.path}?done=${result.data.invitation === 'password_kept' ? 'restored' : 'invited'}`, 303);
  const state = { values: { email: body.email, role: body.role, lead: value(form, 'lead') }, errors: problemErrors(result.problem, FIELDS, 'email') };
  return peoplePage(c, state, refusedStatus(result.status));
};

/** Removing someone stops their sign-in at once, so the page asks first. */
const confirmPage = async (c: Context<WebEnv>, sub: string, back: string) => {
  const members = await getOrFail<{ items: Member[] }>(c, `/v1/organisations/${organisationIdOf(c)}/members`);
  const member = members.items.find((m) => m.sub === sub && m.status === 'active');
  if (!member) return c.redirect(back, 303);
  return render(
    c,
    { title: `Remove ${member.email}`, before: <BackLink href={back} text="Back to people" /> },
    <>
      <h1 class="pop-break">{`Remove ${member.email}?`}</h1>
      <p>They will no longer be able to sign in. You can invite them again later.</p>
      <form method="post" novalidate>
        <FormTokens csrf={c.get('session')!.csrf} />
        <input type="hidden" name="sub" value={member.sub} />
        <input type="hidden" name="confirm" value="yes" />
        <Button warning id="confirm-remove">
          Yes, remove them
        </Button>
      </form>
      <p>
        <a href={back}>No, keep them</a>
      </p>
    </>,
  );
};

const remove = async (c: Context<WebEnv>) => {
  const form = await c.req.parseBody();
  const back = c.req.path.replace(/\/remove$/, '');
  if (value(form, 'confirm') !== 'yes') return confirmPage(c, value(form, 'sub'), back);
  const result = await callApi(c, 'DELETE', `/v1/organisations/${organisationIdOf(c)}/members/${encodeURIComponent(value(form, 'sub'))}`);
  if (result.ok) return c.redirect(`${back}?done=removed`, 303);
  return peoplePage(c, { values: { lead: 'no' }, errors: problemErrors(result.problem, {}, 'maincontent') }, refusedStatus(result.status));
};

const fresh = (c: Context<WebEnv>) => peoplePage(c, emptyForm({ lead: 'no', ...(c.get('kept') ?? {}) }));

export const peopleRoutes = new Hono<WebEnv>()
  .get('/people', fresh)
  .post('/people', invite)
  .post('/people/remove', remove)
  .get('/people/:org{org_[0-9A-Za-z]+}', fresh)
  .post('/people/:org{org_[0-9A-Za-z]+}', invite)
  .post('/people/:org{org_[0-9A-Za-z]+}/remove', remove);
