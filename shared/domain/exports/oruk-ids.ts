// Open Referral UK identifiers: RFC 9562 name-based UUIDs (version 5), so the same activity has the
// same service id on every machine and after every restart, with nothing stored.
import { createHash } from 'node:crypto';

/** This platform's namespace for its ORUK names (itself a version 5 UUID of "pay-on-prescription.org.uk" in the DNS namespace). */
export const ORUK_NAMESPACE = 'ae529dff-0ef6-50aa-8a5e-df0010087e48';

const bytesOf = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');

/** RFC 9562 §5.5: SHA-1 over the namespace's 16 bytes and the name, with version 5 and the RFC variant set. */
export const uuidV5 = (name: string, namespace: string): string => {
  const hash = createHash('sha1').update(bytesOf(namespace)).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

/** The ORUK id of one of our records: `kind` keeps, say, an activity's service and location apart. */
export const orukId = (kind: string, id: string): string => uuidV5(`${kind}:${id}`, ORUK_NAMESPACE);
