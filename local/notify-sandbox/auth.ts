// Notify's API authentication: a JWT signed HS256 with the key's secret, `iss` the service id, `iat` within 30 s.
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { authError } from './errors.js';

export interface SandboxKey {
  /** `<key name>-<service id>-<secret>`, as Notify issues them. */
  readonly apiKey: string;
  readonly serviceId: string;
  readonly secret: string;
  /** Notify's key types: `team` and `live` send; `test` pretends to. */
  readonly type: 'live' | 'team' | 'test';
  readonly revoked?: boolean;
}

/** The service id and secret as the official clients read them: the last two UUIDs of the key. */
export const parseApiKey = (apiKey: string, type: SandboxKey['type'] = 'live'): SandboxKey => ({
  apiKey,
  serviceId: apiKey.slice(-73, -37),
  secret: apiKey.slice(-36),
  type,
});

/** The key that signed this request, or the AuthError Notify would answer with. */
export const authenticate = async (header: string | undefined, keys: readonly SandboxKey[], nowSeconds: number): Promise<SandboxKey> => {
  if (!header) throw authError(401, 'Unauthorized: authentication token must be provided');
  const match = /^Bearer\s+(\S+)$/.exec(header);
  if (!match?.[1]) throw authError(401, 'Unauthorized: authentication token must be provided');
  const token = match[1];
  let claims: { iss?: unknown; iat?: unknown };
  try {
    if (decodeProtectedHeader(token).alg !== 'HS256') throw new Error('alg');
    claims = decodeJwt(token);
  } catch {
    throw authError(403, 'Invalid token: signature, api token not found');
  }
  if (typeof claims.iss !== 'string') throw authError(403, 'Invalid token: iss field not provided');
  if (typeof claims.iat !== 'number') throw authError(403, 'Invalid token: iat field not provided');
  const candidates = keys.filter((k) => k.serviceId === claims.iss);
  if (candidates.length === 0) throw authError(403, 'Invalid token: service not found');
  for (const key of candidates) {
    try {
      await jwtVerify(token, new TextEncoder().encode(key.secret), { algorithms: ['HS256'] });
    } catch {
      continue;
    }
    if (key.revoked) throw authError(403, 'Invalid token: API key revoked');
    if (Math.abs(nowSeconds - claims.iat) > 30) throw authError(403, 'Error: Your system clock must be accurate to within 30 seconds');
    return key;
  }
  throw authError(403, 'Invalid token: API key not found');
};
