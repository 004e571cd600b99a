// Notification rules without a database: address choices, which reminder is due, jobs from SQS, the queue stand-in.
import { Logger } from '@aws-lambda-powertools/logger';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { parseJob } from '../../functions/notifier/jobs.js';
import { createMemoryQueue } from '../../functions/notifier/queue.js';
import { dueReminder } from '../../functions/notifier/reminders.js';
import { normaliseAddresses, recipientKey, recipientsFor, SettingsInput } from '../../shared/notify/preferences.js';
import { days } from '../../shared/notify/wording.js';

const logger = new Logger({ serviceName: 'test', logLevel: 'ERROR' });

describe('Notification addresses', () => {
  it('gives remittance advice to every address, and other kinds only to those that chose them', () => {
    const addresses = normaliseAddresses(SettingsInput.parse({ addresses: [{ email: 'All@Example.org' }, { email: 'quiet@example.org', receives: [] }] }));
    const settings = { addresses };
    expect(recipientsFor(settings, 'referral_received')).toEqual(['all@example.org']);
    expect(recipientsFor(settings, 'remittance_advice')).toEqual(['all@example.org', 'quiet@example.org']);
    expect(recipientsFor(undefined, 'remittance_advice')).toEqual([]);
  });

  it('keys a recipient by a hash that names no one and is the same however the address is typed', () => {
    expect(recipientKey('Treasurer@Example.org')).toBe(recipientKey('treasurer@example.org'));
    expect(recipientKey('treasurer@example.org')).toMatch(/^[0-9a-f]{20}$/);
  });
});

describe('Reminder due', () => {
  const respondBy = '2026-12-15T10:00:00.000Z';
  const at = (hoursBefore: number) => new Date(Date.parse(respondBy) - hoursBefore * 3_600_000);

  it('is none before the first reminder day, the 3-day one inside three days, the 1-day one inside a day', () => {
    expect(dueReminder(respondBy, at(73), [3, 1])).toBeUndefined();
    expect(dueReminder(respondBy, at(71), [3, 1])).toBe(3);
    expect(dueReminder(respondBy, at(23), [3, 1])).toBe(1);
    expect(dueReminder(respondBy, at(0), [3, 1])).toBeUndefined();
    expect(dueReminder(respondBy, at(23), [])).toBeUndefined();
  });
});

describe('Jobs from SQS', () => {
  const event = { id: 'evt_1', at: '2026-12-01T10:00:00Z', actor: 'u', action: 'referral.sent', entityId: 'ref_1', fundId: null, chainId: 'ref_1', seq: 1, data: {}, prevHash: '0', hash: '1' };

  it('reads an audit event from a stream record as EventBridge Pipes forwards it, and ignores other items', () => {
    const record = (item: Record<string, unknown>, eventName = 'INSERT') => JSON.stringify({ eventName, dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) } });
    expect(parseJob(record({ pk: 'CHAIN#ref_1', sk: 'EVT#1', entity: 'audit_event', ...event }))).toEqual({ type: 'audit_event', event });
    expect(parseJob(record({ pk: 'REF#ref_1', sk: '#REF', entity: 'referral' }))).toBe('ignore');
    expect(parseJob(record({ entity: 'audit_event', ...event }, 'MODIFY'))).toBe('ignore');
    expect(parseJob('not json')).toBeUndefined();
  });
});

describe('Queue stand-in', () => {
  it('redelivers a failing job and, after the receive limit, moves it to the dead-letter list', async () => {
    let calls = 0;
    const queue = createMemoryQueue({ logger, maxReceives: 3, retryDelayMs: 1, process: async () => { calls += 1; throw new Error('Notify is down'); } });
    await queue.send({ type: 'reminder', referralId: 'ref_01M8RAZCWV7791JQ5TT78XMCM4', daysBefore: 3 });
    await queue.idle();
    expect(calls).toBe(3);
    expect(queue.deadLetters()).toEqual([expect.objectContaining({ receives: 3, lastError: 'Notify is down' })]);
    await queue.stop();
  });
});

describe('Wording', () => {
  it('says how many days are left in words', () => {
    expect(days(1)).toBe('1 day');
    expect(days(3)).toBe('3 days');
  });
});
