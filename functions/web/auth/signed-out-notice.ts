// Why the API ended a session (a person removed, or their role changed), carried to the sign-in page once in an encrypted cookie.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { WebOptions } from '../options.js';
import { seal, unseal } from './sealed.js';
import { clearSession, cookieFlags } from './session.js';

const NOTICE_COOKIE = 'pop_signed_out';
// Long enough to follow the redirect to the sign-in page, short enough not to greet the next person on a shared computer.
const KEEP_SECONDS = 60;

/**
 * The API refused the session's token (401): end the session, so the next page does not ask again
 * with the same token, and keep the API's words for the sign-in page. The text comes from our API,
 * never from the request, and is sealed, so nobody can put words of their own on the sign-in page.
 */
export const endSessionWithNotice = async (c: Context, options: WebOptions, detail: string): Promise<void> => {
  clearSession(c, options);
  setCookie(c, NOTICE_COOKIE, await seal({ detail }, options.sessionKey, KEEP_SECONDS, NOTICE_COOKIE), cookieFlags(options, KEEP_SECONDS));
};

/** The reason the last session was ended, once: reading it removes it. */
export const takeSignedOutNotice = async (c: Context, options: WebOptions): Promise<string | undefined> => {
  const value = getCookie(c, NOTICE_COOKIE);
  if (value === undefined) return undefined;
  const flags = cookieFlags(options, 0);
  deleteCookie(c, NOTICE_COOKIE, { path: flags.path, secure: flags.secure });
  return (await unseal<{ detail: string }>(value, options.sessionKey, NOTICE_COOKIE))?.detail;
};
