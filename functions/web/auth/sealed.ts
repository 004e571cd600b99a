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

// Opening a value costs about 0.1 ms (AES-GCM, JSON, the claims' checks), and every page opens the same
// session cookie again. A value already opened is kept, per key and purpose, until its own expiry:
// only the exact bytes that decrypted are found, so nothing forged or altered can come from here.
const OPENED_MAX = 1_000;
const opened = new WeakMap<KeyObject, Map<string, { readonly payload: Readonly<Record<string, unknown>>; readonly expiresAtMs: number }>>();
const openedFor = (key: KeyObject) => {
  let values = opened.get(key);
  if (!values) opened.set(key, (values = new Map()));
  return values;
};

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object') for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
};

/** The payload, or undefined when the value is missing, forged, for another purpose or past its lifetime. */
export const unseal = async <T>(value: string | undefined, key: Uint8Array, purpose: string): Promise<T | undefined> => {
  if (!value) return undefined;
  const keyObject = keyObjectOf(key);
  const values = openedFor(keyObject);
  const id = `${purpose} ${value}`;
  const known = values.get(id);
  if (known) {
    if (known.expiresAtMs > Date.now()) return known.payload as T;
    values.delete(id);
    return undefined;
  }
  try {
    const { payload } = await jwtDecrypt(value, keyObject, { audience: purpose });
    // Only a value with a lifetime is kept (every value `seal` makes has one), and frozen all the way
    // down: the next request with this cookie must see exactly what decrypting it would give.
    if (payload.exp !== undefined) {
      // Oldest first out: a Map iterates in insertion order.
      if (values.size >= OPENED_MAX) values.delete(values.keys().next().value!);
      values.set(id, { payload: deepFreeze(payload), expiresAtMs: payload.exp * 1000 });
    }
    return payload as T;
  } catch {
    return undefined;
  }
};
