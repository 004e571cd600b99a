// Builds the audit half of a transaction: the event item, and the audited update of the chain's head.
import { nextEvent, type AuditEvent, type ChainHead } from '../domain/audit.js';
import { entities, itemOf } from './entities.js';
import type { Key } from './keys.js';
import type { TransactItem } from './transact.js';

export interface AuditInput {
  readonly eventId: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly entityId: string;
  readonly fundId?: string | null;
  readonly data?: Record<string, unknown>;
}

export interface AuditWrite {
  readonly event: AuditEvent;
  /** The Put of the event itself; it can never overwrite an existing event. */
  readonly put: { TableName: string; Item: Record<string, unknown>; ConditionExpression: string };
  /** Attributes to set on the head item in the same write. */
  readonly headFields: { auditSeq: number; auditHash: string };
  /** The head must still be at this sequence (0 means a new head). */
  readonly expectedSeq: number;
}

export const auditWrite = (tableName: string, head: ChainHead, chainId: string, input: AuditInput): AuditWrite => {
  const event = nextEvent(head, {
    id: input.eventId,
    at: input.at,
    actor: input.actor,
    action: input.action,
    entityId: input.entityId,
    fundId: input.fundId ?? null,
    chainId,
    data: input.data ?? {},
  });
  return {
    event,
    put: {
      TableName: tableName,
      Item: itemOf(entities.auditEvent, event),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
    headFields: { auditSeq: event.seq, auditHash: event.hash },
    expectedSeq: head.auditSeq,
  };
};

export interface HeadChange {
  /** Attributes to set, beside the head's new `auditSeq` and `auditHash`. */
  readonly set?: Readonly<Record<string, unknown>>;
  /** Counters to add to (negative to subtract). */
  readonly add?: Readonly<Record<string, number>>;
  /** Attributes to remove (an index's attributes, cleared failure fields). */
  readonly remove?: readonly string[];
  /** What else must hold of the head, beside still being at the sequence that was read. */
  readonly condition?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
}

/**
 * The update of a chain's head item that goes with `audit`'s event: it sets the new sequence and
 * hash and holds only while the head is still at the sequence the event follows, so two writers
 * racing on one entity cannot both append (the loser re-reads and decides again).
 */
export const auditedUpdate = (tableName: string, key: Key, audit: AuditWrite, change: HeadChange = {}): TransactItem => {
  const names: Record<string, string> = { ...change.condition?.names };
  const values: Record<string, unknown> = {
    ':auditSeq': audit.headFields.auditSeq,
    ':auditHash': audit.headFields.auditHash,
    ':prevSeq': audit.expectedSeq,
    ...change.condition?.values,
  };
  const sets = ['auditSeq = :auditSeq', 'auditHash = :auditHash'];
  Object.entries(change.set ?? {}).forEach(([field, value], i) => {
    names[`#s${i}`] = field;
    values[`:s${i}`] = value;
    sets.push(`#s${i} = :s${i}`);
  });
  const adds = Object.entries(change.add ?? {}).map(([field, amount], i) => {
    names[`#a${i}`] = field;
    values[`:a${i}`] = amount;
    return `#a${i} :a${i}`;
  });
  const expression = [
    `SET ${sets.join(', ')}`,
    ...(adds.length > 0 ? [`ADD ${adds.join(', ')}`] : []),
    ...(change.remove && change.remove.length > 0 ? [`REMOVE ${change.remove.join(', ')}`] : []),
  ].join(' ');
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: expression,
      ConditionExpression: change.condition ? `auditSeq = :prevSeq AND (${change.condition.expression})` : 'auditSeq = :prevSeq',
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    },
  };
};
