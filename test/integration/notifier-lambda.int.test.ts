// The notifier's SQS handler as Lambda runs it: stream records forwarded by EventBridge Pipes, and reminders.
import { readFileSync } from 'node:fs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotifierHandler } from '../../functions/notifier/sqs-handler.js';
import { createAgreement, createScenario, sendReferral } from '../support/builders.js';
import { chainEvents, createNotifierHarness, type NotifierHarness } from '../support/notifier-harness.js';
import { pipesBody } from '../support/pipes-body.js';

let h: NotifierHarness;
beforeAll(async () => {
  h = await createNotifierHarness();
});
afterAll(() => h.close());

const fixture = JSON.parse(readFileSync(new URL('../fixtures/events/sqs-receive-message.json', import.meta.url), 'utf8')) as SQSEvent;
const sqsEvent = (bodies: string[]): SQSEvent => ({
  Records: bodies.map((body, i) => ({ ...fixture.Records[0]!, messageId: `message-${i}`, body })),
});

describe('Notifier Lambda handler', () => {
  it('sends for a forwarded stream record once, reports a failed record for redelivery, and drops unreadable ones', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
    await h.setAddresses(s.vcseOrgId, [{ email: 'referrals@lambda.example.org' }]);
    const referral = await sendReferral(h, s);
    await h.waitForMessages((m) => m.body.includes(referral.id));
    await h.drained();
    const [sent] = await chainEvents(h, referral.id);
    const handler = createNotifierHandler(h.notifierDeps);

    // The same record again (Pipes delivers at least once), a non-audit item, and a message that is not ours.
    const result = await handler(sqsEvent([pipesBody(sent!), JSON.stringify({ eventName: 'MODIFY', dynamodb: {} }), 'not json']));
    expect(result.batchItemFailures).toEqual([]);
    expect(h.notify.outbox().filter((m) => m.body.includes(referral.id))).toHaveLength(1);

    // With Notify down, a reminder job fails and is handed back for redelivery.
    h.notify.fail('server_error', { count: Number.POSITIVE_INFINITY });
    try {
      h.advance(Date.parse(referral.respondBy!) - 86_400_000 - h.notifierDeps.clock().getTime());
      const failed = await handler(sqsEvent([JSON.stringify({ type: 'reminder', referralId: referral.id, daysBefore: 1 })]));
      expect(failed.batchItemFailures).toEqual([{ itemIdentifier: 'message-0' }]);
    } finally {
      h.notify.heal();
    }
    const retried = await handler(sqsEvent([JSON.stringify({ type: 'reminder', referralId: referral.id, daysBefore: 1 })]));
    expect(retried.batchItemFailures).toEqual([]);
    expect(h.notify.outbox().filter((m) => m.templateName === 'referral_reminder' && m.body.includes(referral.id))).toHaveLength(1);
  });
});
