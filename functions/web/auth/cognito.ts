// AWS sign-in: Cognito's hosted UI with the authorisation-code flow and PKCE; the code is exchanged server-side.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { decodeJwt } from 'jose';
import type { WebEnv } from '../env.js';
import type { CognitoSettings, WebOptions } from '../options.js';
import { authoriseUrl, newPendingSignIn, type PendingSignIn } from './pkce.js';
import { safeReturnTo } from './pending-form.js';
import { seal, unseal } from './sealed.js';
import { cookieFlags, newSession, writeSession } from './session.js';

const AUTH_COOKIE = 'pop_auth';
const AUTH_SECONDS = 600;

export const callbackUrl = (options: WebOptions) => `${options.publicUrl.replace(/\/$/, '')}/auth/callback`;
export const signedOutUrl = (options: WebOptions) => `${options.publicUrl.replace(/\/$/, '')}/signed-out`;

/** Sends the browser to the hosted UI, remembering (encrypted, ten minutes) the PKCE verifier, state and where to return. */
export const startCognitoSignIn = async (c: Context<WebEnv>, cognito: CognitoSettings, returnTo: string) => {
  const options = c.get('options');
  const pending = newPendingSignIn(safeReturnTo(returnTo));
  setCookie(c, AUTH_COOKIE, await seal({ ...pending }, options.sessionKey, AUTH_SECONDS, AUTH_COOKIE), cookieFlags(options, AUTH_SECONDS));
  return c.redirect(authoriseUrl(cognito.domain, cognito.clientId, callbackUrl(options), pending), 302);
};

interface TokenResponse {
  readonly id_token?: string;
  readonly refresh_token?: string;
}

const tokenEndpoint = async (options: WebOptions, cognito: CognitoSettings, form: Record<string, string>): Promise<TokenResponse | undefined> => {
  const response = await (options.fetch ?? fetch)(`${cognito.domain.replace(/\/$/, '')}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: cognito.clientId, ...form }).toString(),
  });
  return response.ok ? ((await response.json()) as TokenResponse) : undefined;
};

export type CallbackOutcome = { ok: true; returnTo: string } | { ok: false; reason: string };

/** Checks the state, exchanges the code with the verifier, verifies the ID token and starts the session. */
export const finishCognitoSignIn = async (c: Context<WebEnv>, cognito: CognitoSettings): Promise<CallbackOutcome> => {
  const options = c.get('options');
  const pending = await unseal<PendingSignIn>(getCookie(c, AUTH_COOKIE), options.sessionKey, AUTH_COOKIE);
  deleteCookie(c, AUTH_COOKIE, { path: '/' });
  const code = c.req.query('code');
  if (!pending || !code || c.req.query('state') !== pending.state) return { ok: false, reason: 'The sign-in could not be matched to this browser. Please sign in again.' };
  const tokens = await tokenEndpoint(options, cognito, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: callbackUrl(options),
    code_verifier: pending.verifier,
  });
  if (!tokens?.id_token) return { ok: false, reason: 'Sign-in did not complete. Please try again.' };
  const principal = await options.verifier.verify(tokens.id_token).catch(() => undefined);
  if (!principal) return { ok: false, reason: 'Sign-in did not complete. Please try again.' };
  const email = decodeJwt(tokens.id_token).email;
  const session = newSession(tokens.id_token, principal, typeof email === 'string' ? email : principal.sub, c.get('now'));
  await writeSession(c, options, session, tokens.refresh_token);
  return { ok: true, returnTo: pending.returnTo };
};

/** A fresh ID token from the refresh token, or undefined when Cognito no longer honours it. */
export const refreshCognitoToken = async (options: WebOptions, cognito: CognitoSettings, refreshToken: string): Promise<string | undefined> =>
  (await tokenEndpoint(options, cognito, { grant_type: 'refresh_token', refresh_token: refreshToken }))?.id_token;

/** Cognito's logout endpoint ends its own session, then returns to our signed-out page. */
export const cognitoSignOutUrl = (options: WebOptions, cognito: CognitoSettings) =>
  `${cognito.domain.replace(/\/$/, '')}/logout?${new URLSearchParams({ client_id: cognito.clientId, logout_uri: signedOutUrl(options) }).toString()}`;
