// A token issuer with an audience, and the forged, stale and malformed tokens an attacker would try against it.
import { createLocalJWKSet, exportJWK, exportSPKI, generateKeyPair, SignJWT, type JSONWebKeySet } from 'jose';
import { createHmac } from 'node:crypto';
import { createTokenVerifier, type TokenVerifier } from '../../functions/runtime/auth/verifier.js';
import type { Caller } from './harness.js';

export const ISSUER = 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_hostile';
export const AUDIENCE = 'hostile-web-client';

/** Every way a token can be wrong; each must answer 401 on a signed-in route and be ignored on a public one. */
export const BAD_TOKENS = ['none', 'expired', 'tampered', 'alg_none', 'hs256_public_key', 'wrong_issuer', 'wrong_audience', 'future_nbf', 'unknown_kid'] as const;
export type BadToken = (typeof BAD_TOKENS)[number];

export interface HostileIssuer {
  readonly verifier: TokenVerifier;
  /** A good token for `caller`. */
  token(caller: Caller): Promise<string>;
  /** The `Authorization` header of a bad token for `caller` (none: no header at all). */
  badHeader(caller: Caller, kind: BadToken): Promise<Record<string, string>>;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export const createHostileIssuer = async (): Promise<HostileIssuer> => {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'hostile-key-1';
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const publicPem = await exportSPKI(publicKey);
  const other = await generateKeyPair('RS256');
  const claimsOf = (caller: Caller) => ({
    'cognito:groups': [...caller.roles],
    ...(caller.organisationId ? { 'custom:org_id': caller.organisationId } : {}),
    token_use: 'id',
  });
  const sign = async (caller: Caller, change: { iss?: string; aud?: string; exp?: number; nbf?: number; kid?: string; key?: Parameters<SignJWT["sign"]>[0] } = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT(claimsOf(caller))
      .setProtectedHeader({ alg: 'RS256', kid: change.kid ?? kid, typ: 'JWT' })
      .setSubject(caller.sub)
      .setIssuer(change.iss ?? ISSUER)
      .setAudience(change.aud ?? AUDIENCE)
      .setIssuedAt(now - 60)
      .setExpirationTime(change.exp ?? now + 3600);
    if (change.nbf !== undefined) jwt.setNotBefore(change.nbf);
    return jwt.sign(change.key ?? privateKey);
  };
  const unsigned = (caller: Caller, header: Record<string, unknown>) => {
    const now = Math.floor(Date.now() / 1000);
    return `${b64(header)}.${b64({ ...claimsOf(caller), sub: caller.sub, iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 3600 })}`;
  };
  const forge: Record<Exclude<BadToken, 'none'>, (caller: Caller) => Promise<string> | string> = {
    expired: (caller) => sign(caller, { exp: Math.floor(Date.now() / 1000) - 3600 }),
    // Claims changed after signing: an admin's groups on a signed link worker's token.
    tampered: async (caller) => {
      const [header, , signature] = (await sign(caller)).split('.');
      const now = Math.floor(Date.now() / 1000);
      return `${header}.${b64({ ...claimsOf(caller), 'cognito:groups': ['admin', 'fund_manager', 'commissioner'], sub: caller.sub, iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 3600 })}.${signature}`;
    },
    alg_none: (caller) => `${unsigned(caller, { alg: 'none', typ: 'JWT' })}.`,
    // The classic confusion: the RSA public key (which anyone can fetch) used as an HMAC secret.
    hs256_public_key: (caller) => {
      const body = unsigned(caller, { alg: 'HS256', kid, typ: 'JWT' });
      return `${body}.${createHmac('sha256', publicPem).update(body).digest('base64url')}`;
    },
    wrong_issuer: (caller) => sign(caller, { iss: 'https://evil.example/issuer' }),
    wrong_audience: (caller) => sign(caller, { aud: 'some-other-client' }),
    future_nbf: (caller) => sign(caller, { nbf: Math.floor(Date.now() / 1000) + 3600 }),
    unknown_kid: (caller) => sign(caller, { kid: 'never-published', key: other.privateKey }),
  };
  return {
    verifier: createTokenVerifier({ keys: createLocalJWKSet(jwks), issuer: ISSUER, audience: AUDIENCE }),
    token: (caller) => sign(caller),
    async badHeader(caller, kind): Promise<Record<string, string>> {
      if (kind === 'none') return {};
      return { authorization: `Bearer ${await forge[kind](caller)}` };
    },
  };
};
