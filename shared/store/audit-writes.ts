// Builds the audit half of a transaction: the event item, and the head fields its entity must set.
import { nextEvent, type AuditEvent, type ChainHead } from '../domain/audit.js';
import { indexKeys, keys } from './keys.js';

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
      Item: {
        ...keys.auditEvent(chainId, event.seq),
        gsi1pk: indexKeys.audit(event.fundId ?? undefined),
        gsi1sk: `${event.at}#${event.id}`,
        entity: 'audit_event',
        ...event,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
    headFields: { auditSeq: event.seq, auditHash: event.hash },
    expectedSeq: head.auditSeq,
  };
};
