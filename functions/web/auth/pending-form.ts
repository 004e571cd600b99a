// A form sent after the working day ended is kept (encrypted, for 30 minutes) and filled in again after sign-in.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { WebOptions } from '../options.js';
import { seal, unseal } from './sealed.js';
import { cookieFlags } from './session.js';

const PENDING_COOKIE = 'pop_pending';
const KEEP_SECONDS = 30 * 60;
// Cookies hold about 4 KB; a longer form (never one of ours) is not kept rather than cut.
const MAX_KEPT_CHARS = 2_500;

export type FormFields = Record<string, string>;

/** Fields that are the form's own, not its machinery (CSRF and idempotency tokens). */
export const userFields = (form: Record<string, unknown>): FormFields =>
  Object.fromEntries(Object.entries(form).filter((e): e is [string, string] => typeof e[1] === 'string' && !e[0].startsWith('_')));

export const keepForm = async (c: Context, options: WebOptions, path: string, fields: FormFields) => {
  if (JSON.stringify(fields).length > MAX_KEPT_CHARS) return;
  setCookie(c, PENDING_COOKIE, await seal({ path, fields }, options.sessionKey, KEEP_SECONDS, PENDING_COOKIE), cookieFlags(options, KEEP_SECONDS));
};

/** What was typed into the form at `path` before the session ended, once. */
export const takeForm = async (c: Context, options: WebOptions, path: string): Promise<FormFields | undefined> => {
  const kept = await unseal<{ path: string; fields: FormFields }>(getCookie(c, PENDING_COOKIE), options.sessionKey, PENDING_COOKIE);
  if (!kept || kept.path !== path) return undefined;
  deleteCookie(c, PENDING_COOKIE, { path: '/' });
  return kept.fields;
};

/** Only paths on this service: never `//evil.example` or an absolute URL. */
export const safeReturnTo = (value: unknown): string =>
  typeof value === 'string' && /^\/(?![/\\])/.test(value) && !/[\r\n]/.test(value) ? value : '/';
