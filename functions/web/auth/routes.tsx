// Sign-in (the demo users locally, Cognito's hosted UI in AWS), the callback, sign-out and the signed-out page.
import { Hono } from 'hono';
import { csrfValid } from './csrf.js';
import { cognitoSignOutUrl, finishCognitoSignIn, startCognitoSignIn } from './cognito.js';
import { safeReturnTo } from './pending-form.js';
import { takeSignedOutNotice } from './signed-out-notice.js';
import { clearSession, newSession, writeSession } from './session.js';
import { Button, FormTokens } from '../components/forms.js';
import { csrfOf, render } from '../components/page.js';
import { Notice } from '../components/ui.js';
import type { WebEnv } from '../env.js';
import type { DemoUser } from '../options.js';
import { words } from '../format.js';

const ROLE_ORDER = ['link_worker', 'vcse', 'fund_manager', 'commissioner', 'admin'] as const;
const ROLE_HEADING: Record<string, string> = {
  link_worker: 'Link workers',
  vcse: 'Voluntary and community organisations',
  fund_manager: 'Fund managers',
  commissioner: 'Commissioners',
  admin: 'Platform administrators',
};

const DemoUsers = ({ users, csrf, returnTo }: { users: readonly DemoUser[]; csrf: string; returnTo: string }) => (
  <>
    {ROLE_ORDER.map((role) => {
      const group = users.filter((u) => u.roles[0] === role);
      if (group.length === 0) return null;
      return (
        <>
          <h2 class="nhsuk-heading-m">{ROLE_HEADING[role] ?? words(role)}</h2>
          <ul class="nhsuk-list">
            {group.map((user) => (
              <li>
                <form action="/sign-in" method="post" novalidate>
                  <FormTokens csrf={csrf} />
                  <input type="hidden" name="returnTo" value={returnTo} />
                  <input type="hidden" name="sub" value={user.sub} />
                  <Button secondary>{`Sign in as ${user.description}`}</Button>
                </form>
                {user.hint ? <p class="nhsuk-body-s nhsuk-u-secondary-text-colour">{user.hint}</p> : null}
              </li>
            ))}
          </ul>
        </>
      );
    })}
  </>
);

export const authRoutes = new Hono<WebEnv>()
  .get('/sign-in', async (c) => {
    const options = c.get('options');
    const returnTo = safeReturnTo(c.req.query('returnTo'));
    const signedOut = await takeSignedOutNotice(c, options);
    if (options.auth.mode === 'cognito') {
      // Cognito's page would hide why the session ended: say it here first (once), then sign in from the link.
      if (signedOut === undefined) return startCognitoSignIn(c, options.auth.cognito, returnTo);
      return render(
        c,
        { title: 'You have been signed out' },
        <>
          <h1>You have been signed out</h1>
          <p>{signedOut}</p>
          <p>
            <a href={`/sign-in?returnTo=${encodeURIComponent(returnTo)}`}>Sign in again</a>
          </p>
        </>,
      );
    }
    const ended = c.req.query('ended') === '1';
    return render(
      c,
      { title: 'Sign in' },
      <>
        <h1>Sign in</h1>
        {signedOut !== undefined ? (
          <Notice title="You have been signed out">
            <p>{signedOut}</p>
          </Notice>
        ) : null}
        {ended ? (
          <Notice title="Important">
            <p>Your session ended at the close of the working day. Sign in again: what you typed has been kept and the form will be filled in for you to check and send.</p>
          </Notice>
        ) : null}
        <p>This is a demonstration running on your own computer. Choose who you want to be. Each person sees only what their role and organisation allow.</p>
        <DemoUsers users={options.auth.demoUsers()} csrf={csrfOf(c)} returnTo={returnTo} />
      </>,
    );
  })
  .post('/sign-in', async (c) => {
    const options = c.get('options');
    if (options.auth.mode !== 'local') return c.redirect('/sign-in', 303);
    const form = await c.req.parseBody();
    if (!csrfValid(c, undefined, form._csrf)) return c.redirect(`/sign-in?returnTo=${encodeURIComponent(safeReturnTo(form.returnTo))}`, 303);
    const user = options.auth.demoUsers().find((u) => u.sub === form.sub);
    if (!user) return c.redirect('/sign-in', 303);
    // The same route `npm start` prints for curl: the web app gets its token exactly as a developer would.
    const response = await options.api('/v1/dev/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: user.sub, roles: user.roles, ...(user.organisation ? { organisationId: user.organisation } : {}) }),
    });
    if (!response.ok) return c.redirect('/sign-in', 303);
    const { token } = (await response.json()) as { token: string };
    const principal = await options.verifier.verify(token);
    await writeSession(c, options, newSession(token, principal, user.description, c.get('now')));
    return c.redirect(safeReturnTo(form.returnTo), 303);
  })
  .get('/auth/callback', async (c) => {
    const options = c.get('options');
    if (options.auth.mode !== 'cognito') return c.redirect('/sign-in', 302);
    const outcome = await finishCognitoSignIn(c, options.auth.cognito);
    if (outcome.ok) return c.redirect(outcome.returnTo, 302);
    return render(
      c,
      { title: 'Sign-in did not complete', status: 400 },
      <>
        <h1>Sign-in did not complete</h1>
        <p>{outcome.reason}</p>
        <p>
          <a href="/sign-in">Sign in again</a>
        </p>
      </>,
    );
  })
  .post('/sign-out', async (c) => {
    const options = c.get('options');
    const form = await c.req.parseBody();
    const session = c.get('session') ?? c.get('endedSession');
    if (session && !csrfValid(c, session, form._csrf)) return c.redirect('/', 303);
    clearSession(c, options);
    if (options.auth.mode === 'cognito') return c.redirect(cognitoSignOutUrl(options, options.auth.cognito), 303);
    return c.redirect('/signed-out', 303);
  })
  .get('/signed-out', (c) =>
    render(
      c,
      { title: 'You have signed out' },
      <>
        <h1>You have signed out</h1>
        <p>Close this window if you are using a shared computer.</p>
        <p>
          <a href="/sign-in">Sign in again</a>
        </p>
      </>,
    ),
  );
