// Who may reach a page: signed out → sign in and come back; a form needs its CSRF token; a late form is kept.
import type { MiddlewareHandler } from 'hono';
import { csrfValid } from './auth/csrf.js';
import { keepForm, takeForm, userFields } from './auth/pending-form.js';
import { freshSession } from './auth/refresh.js';
import { isCurrent, readSession } from './auth/session.js';
import type { WebEnv } from './env.js';
import { formRefused } from './pages/errors.js';

/** Reads the session on every request, renewing its token when due; an ended session is kept aside. */
export const loadSession = (): MiddlewareHandler<WebEnv> => async (c, next) => {
  const options = c.get('options');
  const stored = await readSession(c, options);
  if (stored && isCurrent(stored, c.get('now'))) {
    const fresh = await freshSession(c, stored);
    c.set('session', fresh);
    if (!fresh) c.set('endedSession', stored);
  } else {
    c.set('session', undefined);
    c.set('endedSession', stored);
  }
  await next();
};

const signInUrl = (returnTo: string, ended = false) => `/sign-in?returnTo=${encodeURIComponent(returnTo)}${ended ? '&ended=1' : ''}`;

/** Every page but the public ones: sign-in first, CSRF on every form, what was typed kept across a sign-in. */
export const requireSignIn = (): MiddlewareHandler<WebEnv> => async (c, next) => {
  const options = c.get('options');
  const session = c.get('session');
  const url = new URL(c.req.url);
  if (c.req.method === 'GET' || c.req.method === 'HEAD') {
    if (!session) return c.redirect(signInUrl(url.pathname + url.search), 302);
    c.set('kept', await takeForm(c, options, url.pathname));
    return next();
  }
  const form = await c.req.parseBody();
  if (!session) {
    const ended = c.get('endedSession');
    // Kept only when the form provably came from this person's own (ended) session.
    if (ended && csrfValid(c, ended, form._csrf)) {
      await keepForm(c, options, url.pathname, userFields(form));
      return c.redirect(signInUrl(url.pathname, true), 303);
    }
    return c.redirect(signInUrl(url.pathname), 303);
  }
  if (!csrfValid(c, session, form._csrf)) return formRefused(c);
  return next();
};
