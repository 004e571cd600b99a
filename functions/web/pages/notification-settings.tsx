// The organisation's notification addresses: which ones bounced, and correcting them (one address a line).
import { Hono } from 'hono';
import type { Context } from 'hono';
import { callApi, getOrFail, getOrUndefined, PageError, query, type Problem } from '../api-client.js';
import type { Page, UndeliveredEmail } from '../api-types.js';
import { Button, ErrorSummary, FormTokens, emptyForm, type FormState } from '../components/forms.js';
import { render } from '../components/page.js';
import { Textarea } from '../components/textarea.js';
import { Banner, Table } from '../components/ui.js';
import { NOTIFICATION_SETTINGS_HREF, UndeliveredWarning } from '../components/undelivered.js';
import type { WebEnv } from '../env.js';
import { problemErrors } from '../problems.js';
import { NOTIFICATION_KINDS } from '../../../shared/notify/templates.js';

interface Settings {
  readonly addresses: readonly { email: string; receives: readonly string[] }[];
  readonly alwaysSent: readonly string[];
}

const organisationIdOf = (c: Context<WebEnv>) => {
  const id = c.get('session')?.organisationId;
  if (!id) throw new PageError({ status: 404, code: 'not_found', title: 'Not found', detail: 'Your account is not linked to an organisation.' });
  return id;
};

const receivesText = (receives: readonly string[], alwaysSent: readonly string[]) =>
  NOTIFICATION_KINDS.every((k) => receives.includes(k)) ? 'Every e-mail' : receives.every((k) => alwaysSent.includes(k)) ? 'Payment advice only' : `${receives.length} kinds of e-mail`;

const settingsPage = async (c: Context<WebEnv>, state: FormState | undefined, status: 200 | 400 | 403 | 404 = 200) => {
  const organisationId = organisationIdOf(c);
  const [settings, undelivered] = await Promise.all([
    getOrFail<Settings>(c, `/v1/organisations/${organisationId}/notification-settings`),
    getOrUndefined<Page<UndeliveredEmail>>(c, `/v1/organisations/${organisationId}/undelivered-emails${query({ limit: 200 })}`),
  ]);
  const form = state ?? emptyForm({ addresses: settings.addresses.map((a) => a.email).join('\n') });
  return render(
    c,
    { title: 'Contact e-mail addresses', hasErrors: form.errors.length > 0, status },
    <>
      <ErrorSummary state={form} />
      {c.req.query('done') === 'saved' ? <Banner>Addresses saved.</Banner> : null}
      <h1>Contact e-mail addresses</h1>
      <UndeliveredWarning items={undelivered?.items ?? []} />
      <Table
        caption="Where we send your organisation’s e-mails"
        head={['Address', 'Receives']}
        rows={settings.addresses.map((a) => [<span class="pop-break">{a.email}</span>, receivesText(a.receives, settings.alwaysSent)])}
      />
      <form method="post" action={NOTIFICATION_SETTINGS_HREF} novalidate>
        <FormTokens csrf={c.get('session')!.csrf} />
        <Textarea
          id="addresses"
          label="Addresses"
          hint="One address a line. An address you keep keeps its choices; a new one receives every e-mail. Payment advice goes to every address."
          state={form}
        />
        <Button id="save">Save addresses</Button>
      </form>
    </>,
  );
};

/** The API names a refused address by its place in the list (`/addresses/2/email`); a person reads it by its line. */
const byLine = (problem: Problem, lines: readonly string[]): Problem => ({
  ...problem,
  ...(problem.errors
    ? {
        errors: problem.errors.map((e) => {
          const at = /^\/addresses\/(\d+)(\/|$)/.exec(e.path);
          if (!at) return e;
          const n = Number(at[1]);
          return { path: '/addresses', message: `The address on line ${n + 1} (${lines[n] ?? ''}) ${e.message.replace(/^e-?mail\s+/i, '')}` };
        }),
      }
    : {}),
});

const save = async (c: Context<WebEnv>) => {
  const organisationId = organisationIdOf(c);
  const form = await c.req.parseBody();
  const typed = typeof form.addresses === 'string' ? form.addresses : '';
  const lines = typed.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines.length === 0) {
    // An empty list would stop every e-mail, payment advice too: refused here, and nothing is sent.
    const errors = [{ field: 'addresses', message: 'Enter at least one e-mail address: without one, your organisation gets no e-mails about referrals or payments' }];
    return settingsPage(c, { values: { addresses: typed }, errors }, 400);
  }
  const current = await getOrFail<Settings>(c, `/v1/organisations/${organisationId}/notification-settings`);
  const kept = new Map(current.addresses.map((a) => [a.email.toLowerCase(), a.receives]));
  const addresses = lines.map((email) => {
    const receives = kept.get(email.toLowerCase());
    return receives ? { email, receives: [...receives] } : { email };
  });
  const idem = typeof form._idem === 'string' ? form._idem : '';
  const result = await callApi(c, 'PUT', `/v1/organisations/${organisationId}/notification-settings`, { body: { addresses }, ...(idem ? { idempotencyKey: idem } : {}) });
  if (result.ok) return c.redirect(`${NOTIFICATION_SETTINGS_HREF}?done=saved`, 303);
  const state = { values: { addresses: typed }, errors: problemErrors(byLine(result.problem, lines), { '/addresses': { id: 'addresses', label: 'Addresses' } }, 'addresses') };
  return settingsPage(c, state, result.status === 403 ? 403 : result.status === 404 ? 404 : 400);
};

export const notificationSettingsRoutes = new Hono<WebEnv>()
  .get(NOTIFICATION_SETTINGS_HREF, (c) => settingsPage(c, undefined))
  .post(NOTIFICATION_SETTINGS_HREF, save);
