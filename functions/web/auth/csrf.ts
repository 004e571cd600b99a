// CSRF: every form carries a token the server compares with the session's (or, signed out, a pre-session cookie's).
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { WebEnv } from '../env.js';
import type { WebOptions } from '../options.js';
import { cookieFlags, randomToken, type Session } from './session.js';

export const CSRF_FIELD = '_csrf';
const PRESESSION_COOKIE = 'pop_presession';

/** The token to put in a form rendered now. */
export const csrfToken = (c: Context<WebEnv>, options: WebOptions, session: Session | undefined): string => {
  if (session) return session.csrf;
  const existing = c.get('presession') ?? getCookie(c, PRESESSION_COOKIE);
  if (existing) return existing;
  const created = randomToken();
  // Remembered for the rest of this request, so every form on the page carries the same token.
  c.set('presession', created);
  setCookie(c, PRESESSION_COOKIE, created, cookieFlags(options, 3600));
  return created;
};

const same = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** Whether a submitted form's token matches the one its session (or pre-session) holds. */
export const csrfValid = (c: Context, session: Session | undefined, submitted: unknown): boolean => {
  const expected = session?.csrf ?? getCookie(c, PRESESSION_COOKIE);
  return typeof submitted === 'string' && submitted.length > 0 && expected !== undefined && same(submitted, expected);
};
