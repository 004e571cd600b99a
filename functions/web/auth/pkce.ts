// PKCE (RFC 7636, S256) and the state that ties Cognito's callback to the browser that started the sign-in.
import { createHash } from 'node:crypto';
import { randomToken } from './session.js';

export interface PendingSignIn {
  readonly state: string;
  readonly verifier: string;
  readonly returnTo: string;
}

export const challengeFor = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

/** 48 random bytes make a 64-character verifier, within RFC 7636's 43 to 128. */
export const newPendingSignIn = (returnTo: string): PendingSignIn => ({ state: randomToken(), verifier: randomToken(48), returnTo });

export const authoriseUrl = (domain: string, clientId: string, redirectUri: string, pending: PendingSignIn): string => {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: 'openid email',
    state: pending.state,
    code_challenge: challengeFor(pending.verifier),
    code_challenge_method: 'S256',
  });
  return `${domain.replace(/\/$/, '')}/oauth2/authorize?${params.toString()}`;
};
