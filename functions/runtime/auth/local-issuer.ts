// AUTH_MODE=local only: an RS256 key kept under DATA_DIR that signs demo tokens shaped like Cognito's.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, createLocalJWKSet, type JWK, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { Role } from '../../../shared/domain/roles.js';

export const LOCAL_ISSUER = 'https://pay-on-prescription.local/issuer';

export interface LocalTokenIssuer {
  readonly issuer: string;
  readonly jwks: JSONWebKeySet;
  readonly keys: JWTVerifyGetKey;
  issue(claims: { sub: string; roles: readonly Role[]; organisationId?: string | undefined }, ttlSeconds?: number): Promise<string>;
}

export const createLocalIssuer = async (privateJwk: JWK): Promise<LocalTokenIssuer> => {
  const kid = privateJwk.kid ?? 'local';
  const privateKey = await importJWK(privateJwk, 'RS256');
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  const jwks: JSONWebKeySet = { keys: [{ ...publicJwk, kid, alg: 'RS256', use: 'sig' }] };
  return {
    issuer: LOCAL_ISSUER,
    jwks,
    keys: createLocalJWKSet(jwks),
    async issue(claims, ttlSeconds = 8 * 3600) {
      return new SignJWT({
        'cognito:groups': [...claims.roles],
        ...(claims.organisationId ? { 'custom:org_id': claims.organisationId } : {}),
        token_use: 'id',
      })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setSubject(claims.sub)
        .setIssuer(LOCAL_ISSUER)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(privateKey);
    },
  };
};

export const generateSigningJwk = async (): Promise<JWK> => {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: `local-${Date.now().toString(36)}`, alg: 'RS256' };
};

/** Loads the key from `dir/jwt-signing-key.json`, creating it (owner-only) on first run. */
export const loadOrCreateSigningKey = async (dir: string): Promise<JWK> => {
  const file = join(dir, 'jwt-signing-key.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as JWK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const jwk = await generateSigningJwk();
  await mkdir(dir, { recursive: true });
  await writeFile(file, JSON.stringify(jwk), { mode: 0o600 });
  return jwk;
};
