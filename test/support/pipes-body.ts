// The body EventBridge Pipes puts on the notifier's queue for one audit event's DynamoDB stream record.
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AuditEvent } from '../../shared/domain/audit.js';

export const pipesBody = (event: AuditEvent): string =>
  JSON.stringify({
    eventID: 'c81e728d9d4c2f636f067f89cc14862c',
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-2',
    dynamodb: { NewImage: marshall({ pk: `CHAIN#${event.chainId}`, sk: 'EVT#0000000001', entity: 'audit_event', ...event }, { removeUndefinedValues: true }), StreamViewType: 'NEW_IMAGE' },
    eventSourceARN: 'arn:aws:dynamodb:eu-west-2:123456789012:table/pay-on-prescription/stream/2026-12-01T00:00:00.000',
  });
