// Keeps a session's token fresh for the whole working day without the person noticing.
import type { Context } from 'hono';
import { decodeJwt } from 'jose';
import type { WebEnv } from '../env.js';
import { refreshCognitoToken } from './cognito.js';
import { readRefreshToken, writeSession, type Session } from './session.js';

/** A token within five minutes of expiry is replaced before the page calls the API with it. */
const REFRESH_BEFORE_MS = 5 * 60_000;

const expiresAt = (token: string): number => {
  try {
    return (decodeJwt(token).exp ?? 0) * 1000;
  } catch {
    return 0;
  }
};

/** The session with a token good for at least five more minutes, or undefined when it cannot be renewed. */
export const freshSession = async (c: Context<WebEnv>, session: Session): Promise<Session | undefined> => {
  const options = c.get('options');
  const now = c.get('now').getTime();
  if (expiresAt(session.token) - now > REFRESH_BEFORE_MS) return session;
  let token: string | undefined;
  if (options.auth.mode === 'local') {
    // Locally the demo issuer is the identity provider: ask it again for the same person.
    const response = await options.api('/v1/dev/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: session.sub, roles: session.roles, ...(session.organisationId ? { organisationId: session.organisationId } : {}) }),
    });
    token = response.ok ? ((await response.json()) as { token: string }).token : undefined;
  } else {
    const refreshToken = await readRefreshToken(c, options);
    token = refreshToken ? await refreshCognitoToken(options, options.auth.cognito, refreshToken) : undefined;
  }
  if (!token || !(await options.verifier.verify(token).catch(() => undefined))) return undefined;
  const renewed = { ...session, token };
  await writeSession(c, options, renewed);
  return renewed;
};
