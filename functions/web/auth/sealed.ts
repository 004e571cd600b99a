// Encrypted, tamper-proof cookie values (JWE, A256GCM with a direct key): nothing in them is readable or forgeable.
import { createSecretKey, type KeyObject } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';

// The key as a KeyObject, made once per key: handing jose raw bytes makes it import them again on every cookie read.
const keyObjects = new WeakMap<Uint8Array, KeyObject>();
const keyObjectOf = (key: Uint8Array): KeyObject => {
  let object = keyObjects.get(key);
  if (!object) keyObjects.set(key, (object = createSecretKey(key)));
  return object;
};

export const seal = async (payload: Record<string, unknown>, key: Uint8Array, ttlSeconds: number, purpose: string): Promise<string> =>
  new EncryptJWT(payload)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setAudience(purpose)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .encrypt(keyObjectOf(key));

/** The payload, or undefined when the value is missing, forged, for another purpose or past its lifetime. */
export const unseal = async <T>(value: string | undefined, key: Uint8Array, purpose: string): Promise<T | undefined> => {
  if (!value) return undefined;
  try {
    const { payload } = await jwtDecrypt(value, keyObjectOf(key), { audience: purpose });
    return payload as T;
  } catch {
    return undefined;
  }
};
