// Encrypted, tamper-proof cookie values (JWE, A256GCM with a direct key): nothing in them is readable or forgeable.
import { EncryptJWT, jwtDecrypt } from 'jose';

export const seal = async (payload: Record<string, unknown>, key: Uint8Array, ttlSeconds: number, purpose: string): Promise<string> =>
  new EncryptJWT(payload)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setAudience(purpose)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .encrypt(key);

/** The payload, or undefined when the value is missing, forged, for another purpose or past its lifetime. */
export const unseal = async <T>(value: string | undefined, key: Uint8Array, purpose: string): Promise<T | undefined> => {
  if (!value) return undefined;
  try {
    const { payload } = await jwtDecrypt(value, key, { audience: purpose });
    return payload as T;
  } catch {
    return undefined;
  }
};
