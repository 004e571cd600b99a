// The session: two encrypted cookies (the token and its facts; a refresh token in AWS), a CSRF token, a working day long.
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SESSION_HOURS, type WebOptions } from '../options.js';
import { seal, unseal } from './sealed.js';

export const SESSION_COOKIE = 'pop_session';
export const REFRESH_COOKIE = 'pop_refresh';

export interface Session {
  readonly token: string;
  readonly sub: string;
  readonly roles: readonly string[];
  readonly organisationId: string | undefined;
  /** How the person is named in the header: their demo description locally, their email in AWS. */
  readonly name: string;
  readonly csrf: string;
  /** ISO time the working day ends; past it the person signs in again (what they typed is kept). */
  readonly endsAt: string;
}

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Cookies are Secure everywhere but plain-HTTP localhost, where browsers would drop them. */
export const cookieFlags = (options: WebOptions, maxAgeSeconds: number) => {
  const local = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(options.publicUrl.replace(/\/$/, ''));
  return { httpOnly: true, sameSite: 'Lax' as const, secure: !local, path: '/', maxAge: maxAgeSeconds };
};

// The cookie outlives the working day by a week so that a form sent after it ended can still be
// checked against the session's CSRF token and kept for after the next sign-in.
const COOKIE_SECONDS = SESSION_HOURS * 3600 + 7 * 86_400;

export const readSession = (c: Context, options: WebOptions) => unseal<Session>(getCookie(c, SESSION_COOKIE), options.sessionKey, SESSION_COOKIE);

export const isCurrent = (session: Session, now: Date): boolean => Date.parse(session.endsAt) > now.getTime();

export const writeSession = async (c: Context, options: WebOptions, session: Session, refreshToken?: string) => {
  setCookie(c, SESSION_COOKIE, await seal({ ...session }, options.sessionKey, COOKIE_SECONDS, SESSION_COOKIE), cookieFlags(options, COOKIE_SECONDS));
  if (refreshToken) {
    setCookie(c, REFRESH_COOKIE, await seal({ refreshToken }, options.sessionKey, COOKIE_SECONDS, REFRESH_COOKIE), cookieFlags(options, COOKIE_SECONDS));
  }
};

export const readRefreshToken = async (c: Context, options: WebOptions): Promise<string | undefined> =>
  (await unseal<{ refreshToken: string }>(getCookie(c, REFRESH_COOKIE), options.sessionKey, REFRESH_COOKIE))?.refreshToken;

export const clearSession = (c: Context, options: WebOptions) => {
  const flags = cookieFlags(options, 0);
  deleteCookie(c, SESSION_COOKIE, { path: flags.path, secure: flags.secure });
  deleteCookie(c, REFRESH_COOKIE, { path: flags.path, secure: flags.secure });
};

/** A new session for a verified token, its working day starting now. */
export const newSession = (token: string, principal: { sub: string; roles: readonly string[]; organisationId: string | undefined }, name: string, now: Date): Session => ({
  token,
  sub: principal.sub,
  roles: [...principal.roles],
  organisationId: principal.organisationId,
  name,
  csrf: randomToken(),
  endsAt: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
});
