// Audit events and their hash chain: each event's hash covers its content and the previous hash.
//
// A chain belongs to one entity (a referral, an agreement, a fund, a payout run, ...). The entity's
// own item is the chain head: it carries `auditSeq` and `auditHash` of its latest event, and every
// write that changes the entity appends the next event in the same transaction, conditioned on the
// head still having the sequence it was read with. So the chain adds no item to any write that did
// not already touch the entity, and there is no fund-wide hot item on the acceptance path.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEvent {
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly entityId: string;
  readonly fundId: string | null;
  readonly chainId: string;
  readonly seq: number;
  readonly data: Record<string, unknown>;
  readonly prevHash: string;
  readonly hash: string;
}

export interface ChainHead {
  readonly auditSeq: number;
  readonly auditHash: string;
}

export const EMPTY_CHAIN: ChainHead = { auditSeq: 0, auditHash: GENESIS_HASH };

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
};

export const hashEvent = (event: Omit<AuditEvent, 'hash'>): string =>
  createHash('sha256').update(canonicalJson(event)).digest('hex');

export const nextEvent = (
  head: ChainHead,
  input: Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'>,
): AuditEvent => {
  const unsigned = { ...input, seq: head.auditSeq + 1, prevHash: head.auditHash };
  return { ...unsigned, hash: hashEvent(unsigned) };
};

export interface ChainBreak {
  readonly eventId: string | null;
  readonly reason: 'hash_mismatch' | 'broken_link' | 'sequence_gap' | 'head_mismatch';
}

/**
 * Checks one chain given its events in stored order and its head. Returns the first break, or
 * null. Detects an edited event (its hash no longer matches), a deleted one (a gap, or a head
 * that points past the last event) and reordered ones (a link that does not match).
 */
export const verifyChain = (events: readonly AuditEvent[], head: ChainHead | undefined): ChainBreak | null => {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (const event of events) {
    const { hash, ...unsigned } = event;
    if (event.seq !== expectedSeq) return { eventId: event.id, reason: 'sequence_gap' };
    if (event.prevHash !== prevHash) return { eventId: event.id, reason: 'broken_link' };
    if (hashEvent(unsigned) !== hash) return { eventId: event.id, reason: 'hash_mismatch' };
    prevHash = hash;
    expectedSeq += 1;
  }
  if (head && (head.auditSeq !== expectedSeq - 1 || head.auditHash !== prevHash)) {
    return { eventId: events.at(-1)?.id ?? null, reason: 'head_mismatch' };
  }
  return null;
};
