// What the notifier is asked to do: an audit event to tell people about, or a reminder; read from SQS bodies.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import type { AuditEvent } from '../../shared/domain/audit.js';

export type NotificationJob =
  | { readonly type: 'audit_event'; readonly event: AuditEvent }
  | { readonly type: 'reminder'; readonly referralId: string; readonly daysBefore: number };

/** One job's identity, for logs and the dead-letter list. */
export const jobKey = (job: NotificationJob): string =>
  job.type === 'audit_event' ? `event:${job.event.id}` : `reminder:${job.referralId}:${job.daysBefore}d`;

const Event = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entityId: z.string(),
  fundId: z.string().nullable().default(null),
  chainId: z.string(),
  seq: z.number(),
  data: z.record(z.string(), z.unknown()).default({}),
  prevHash: z.string(),
  hash: z.string(),
});

const Job = z.discriminatedUnion('type', [
  z.object({ type: z.literal('audit_event'), event: Event }),
  z.object({ type: z.literal('reminder'), referralId: z.string().regex(/^ref_[0-9A-HJKMNP-TV-Z]{26}$/), daysBefore: z.number().int().min(1).max(30) }),
]);

/** A DynamoDB stream record as EventBridge Pipes forwards it to SQS (or as the local poller reads it). */
const StreamRecord = z.object({
  eventName: z.string(),
  dynamodb: z.object({ NewImage: z.record(z.string(), z.unknown()).optional() }),
});

/** The audit event in a stream record's new image, or undefined for any other item or change. */
export const auditEventFromImage = (image: Record<string, unknown> | undefined): AuditEvent | undefined => {
  if (!image) return undefined;
  const item = unmarshall(image as never) as Record<string, unknown>;
  if (item.entity !== 'audit_event') return undefined;
  const parsed = Event.safeParse(item);
  return parsed.success ? (parsed.data as AuditEvent) : undefined;
};

/** A job from an SQS body: our own message, or a stream record; undefined when it is neither. */
export const parseJob = (body: string): NotificationJob | 'ignore' | undefined => {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  const job = Job.safeParse(value);
  if (job.success) return job.data as NotificationJob;
  const record = StreamRecord.safeParse(value);
  if (!record.success) return undefined;
  if (record.data.eventName !== 'INSERT') return 'ignore';
  const event = auditEventFromImage(record.data.dynamodb.NewImage);
  return event ? { type: 'audit_event', event } : 'ignore';
};
