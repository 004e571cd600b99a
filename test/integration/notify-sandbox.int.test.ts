// The GOV.UK Notify stand-in, driven by the official notifications-node-client as real Notify would be.
import { SignJWT } from 'jose';
import { NotifyClient } from 'notifications-node-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKey, startNotifySandbox, type NotifySandbox } from '../../local/notify-sandbox/index.js';
import { createNotifyGateway, NotifyError } from '../../shared/notify/client.js';
import { SANDBOX_API_KEY, SANDBOX_SERVICE_ID } from '../../shared/notify/settings.js';
import { TEMPLATES, templateIds } from '../../shared/notify/templates.js';

let sandbox: NotifySandbox;
beforeAll(async () => {
  sandbox = await startNotifySandbox({ port: 0 });
});
afterAll(() => sandbox.close());

const ids = templateIds();
const personalisation = {
  organisation_name: 'Medway Walking Group',
  payee_name: 'Medway Walking Group',
  fund_name: 'Health Inequalities Fund',
  amount: '£80.00',
  what: 'failed',
  detail: 'Stripe refused the transfer (balance_insufficient).',
  run_id: 'run_1',
  run_link: 'http://localhost:3000/v1/payout-runs/run_1',
};

/** The error body Notify sent, as the client surfaces it. */
const refusal = async (work: Promise<unknown>) => {
  const error = (await work.then(() => undefined, (e: unknown) => e)) as { response?: { status: number; data: unknown } };
  return { status: error.response?.status, data: error.response?.data };
};

describe('Notify stand-in', () => {
  it('accepts an email signed by the official client, renders the template, and reports delivery', async () => {
    const client = new NotifyClient(sandbox.url, SANDBOX_API_KEY);
    const sent = await client.sendEmail(ids.payout_line_problem, 'managers@mva.example.org.uk', { personalisation, reference: 'evt_1:abc' });
    expect(sent.status).toBe(201);
    expect(sent.data).toMatchObject({ reference: 'evt_1:abc', template: { id: ids.payout_line_problem, version: 1 }, content: { subject: 'Payment to Medway Walking Group failed: £80.00' } });

    const status = await client.getNotificationById(sent.data.id);
    expect(status.data).toMatchObject({ id: sent.data.id, type: 'email', status: 'delivered', email_address: 'managers@mva.example.org.uk', reference: 'evt_1:abc' });
    const listed = await client.getNotifications('email', undefined, 'evt_1:abc');
    expect(listed.data.notifications.map((n: { id: string }) => n.id)).toEqual([sent.data.id]);
    expect(sandbox.outbox('managers@mva.example.org.uk')[0]).toMatchObject({ subject: 'Payment to Medway Walking Group failed: £80.00', templateName: 'payout_line_problem' });
  });

  it('answers Notify’s errors: missing token, unknown key, a clock out by more than 30 seconds, bad input', async () => {
    const noToken = await fetch(`${sandbox.url}/v2/notifications`);
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toEqual({ status_code: 401, errors: [{ error: 'AuthError', message: 'Unauthorized: authentication token must be provided' }] });

    const stranger = new NotifyClient(sandbox.url, `other-${SANDBOX_SERVICE_ID}-00000000-0000-4000-8000-000000000000`);
    expect(await refusal(stranger.getNotifications())).toEqual({ status: 403, data: { status_code: 403, errors: [{ error: 'AuthError', message: 'Invalid token: API key not found' }] } });

    const key = parseApiKey(SANDBOX_API_KEY);
    const stale = await new SignJWT({ iss: key.serviceId }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(Math.floor(Date.now() / 1000) - 31).sign(new TextEncoder().encode(key.secret));
    const skewed = await fetch(`${sandbox.url}/v2/notifications`, { headers: { authorization: `Bearer ${stale}` } });
    expect(skewed.status).toBe(403);
    expect(((await skewed.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe('Error: Your system clock must be accurate to within 30 seconds');

    const client = new NotifyClient(sandbox.url, SANDBOX_API_KEY);
    expect((await refusal(client.sendEmail(ids.payout_line_problem, 'not-an-address', { personalisation }))).data).toEqual({
      status_code: 400,
      errors: [{ error: 'ValidationError', message: 'email_address Not a valid email address' }],
    });
    expect((await refusal(client.sendEmail(ids.payout_line_problem, 'a@example.org', { personalisation: { amount: '£1.00' } }))).data).toMatchObject({
      errors: [{ error: 'BadRequestError', message: 'Missing personalisation: payee_name, what, fund_name, run_id, detail, run_link, organisation_name' }],
    });
    expect((await refusal(client.sendEmail('9f3c4a52-0000-4000-8000-000000000000', 'a@example.org', {}))).data).toMatchObject({ errors: [{ error: 'BadRequestError', message: 'Template not found' }] });
    expect((await refusal(client.getNotificationById('8a1b2c3d-0000-4000-8000-000000000000'))).data).toEqual({ status_code: 404, errors: [{ error: 'NoResultFound', message: 'No result found' }] });
  });

  it('rate-limits sending per key, as Notify does per minute', async () => {
    const limited = await startNotifySandbox({ port: 0, rateLimitPerMinute: 2 });
    try {
      const client = new NotifyClient(limited.url, SANDBOX_API_KEY);
      await client.sendEmail(ids.payout_line_problem, 'a@example.org', { personalisation });
      await client.sendEmail(ids.payout_line_problem, 'a@example.org', { personalisation });
      expect(await refusal(client.sendEmail(ids.payout_line_problem, 'a@example.org', { personalisation }))).toEqual({
        status: 429,
        data: { status_code: 429, errors: [{ error: 'RateLimitError', message: 'Exceeded rate limit for key type LIVE of 2 requests per 60 seconds' }] },
      });
    } finally {
      await limited.close();
    }
  });

  it('translates what Notify answers into retryable and final failures in the gateway', async () => {
    const gateway = createNotifyGateway({ apiKey: SANDBOX_API_KEY, baseUrl: sandbox.url, timeoutMs: 200 });
    const request = { templateId: ids.payout_line_problem, emailAddress: 'a@example.org', personalisation, reference: 'evt_2:abc' };
    sandbox.fail('hang');
    await expect(gateway.sendEmail(request)).rejects.toMatchObject({ name: 'NotifyError', status: null, retryable: true });
    sandbox.fail('server_error');
    await expect(gateway.sendEmail(request)).rejects.toMatchObject({ status: 500, retryable: true });
    const bad = await gateway.sendEmail({ ...request, emailAddress: 'nobody' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(NotifyError);
    expect(bad).toMatchObject({ status: 400, retryable: false });
    sandbox.fail('lose_answer');
    await expect(gateway.sendEmail(request)).rejects.toMatchObject({ retryable: true });
    expect(await gateway.findByReference('evt_2:abc')).toMatchObject({ reference: 'evt_2:abc', status: 'delivered' });
  });

  it('declares every template field it fills, and fills every field it declares', () => {
    for (const template of Object.values(TEMPLATES)) {
      const used = new Set([...`${template.subject} ${template.body}`.matchAll(/\(\(([a-z_]+)\)\)/g)].map((m) => m[1]));
      expect([...used].sort()).toEqual([...template.personalisation].sort());
    }
  });
});
