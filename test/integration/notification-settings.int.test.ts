// GET/PUT notification settings: validated addresses, own organisation only, audited, bad input writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyFundAudit } from '../../shared/store/audit.js';
import { ADMIN, createOrganisation, createScenario, tableSnapshot, userOf } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';
import { entities } from '../../shared/store/entities.js';
import { keys, partitionQuery, sortPrefix } from '../../shared/store/keys.js';
import { queryAll } from '../../shared/store/query.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const path = (id: string) => `/v1/organisations/${id}/notification-settings`;

describe('Organisation notification settings', () => {
  it('saves each address with its choices, always adding remittance advice, and audits the change', async () => {
    const org = await createOrganisation(h, 'vcse');
    const vcse = userOf(org.id, 'vcse');
    const saved = await h.call('PUT', path(org.id), {
      as: vcse,
      body: { addresses: [{ email: ' Referrals@Example.org.uk ' }, { email: 'treasurer@example.org.uk', receives: ['referral_reminder'] }] },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.addresses).toEqual([
      { email: 'referrals@example.org.uk', receives: expect.arrayContaining(['referral_received', 'referral_reminder', 'remittance_advice']) },
      { email: 'treasurer@example.org.uk', receives: ['referral_reminder', 'remittance_advice'] },
    ]);
    expect(saved.body).toMatchObject({ alwaysSent: ['remittance_advice'], updatedBy: vcse.sub });
    expect((await h.call('GET', path(org.id), { as: vcse })).body).toEqual(saved.body);

    const events = await queryAll(h.table.store, entities.auditEvent, partitionQuery(keys.auditChain(org.id), sortPrefix.auditEvent));
    expect(events.map((e) => e.action)).toEqual(['organisation.created', 'organisation.notification_settings_changed']);
    expect(events[1]).toMatchObject({ actor: vcse.sub, data: { from: [], to: saved.body.addresses } });
  });

  it('refuses an address that is not an email, a repeated address and an unknown kind, writing nothing', async () => {
    const org = await createOrganisation(h, 'referrer');
    const worker = userOf(org.id, 'link_worker');
    const before = await tableSnapshot(h);
    for (const body of [
      { addresses: [{ email: 'not an address' }] },
      { addresses: [{ email: 'a@example.org' }, { email: 'A@example.org' }] },
      { addresses: [{ email: 'a@example.org', receives: ['everything'] }] },
      { addresses: [{ email: 'a@example.org', phone: '07700900000' }] },
    ]) {
      const res = await h.call('PUT', path(org.id), { as: worker, body });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('lets only the organisation’s own members and admins see or change them', async () => {
    const org = await createOrganisation(h, 'vcse');
    const other = await createOrganisation(h, 'vcse');
    const body = { addresses: [{ email: 'referrals@example.org' }] };
    expect((await h.call('PUT', path(org.id), { as: userOf(other.id, 'vcse'), body })).status).toBe(404);
    expect((await h.call('GET', path(org.id), { as: userOf(other.id, 'vcse') })).status).toBe(404);
    expect((await h.call('PUT', path(org.id), { as: { sub: 'icb-1', roles: ['commissioner'] }, body })).status).toBe(403);
    expect((await h.call('GET', path(org.id))).status).toBe(401);
    expect((await h.call('PUT', path(org.id), { as: ADMIN, body })).status).toBe(200);
    expect((await h.call('GET', path(org.id), { as: userOf(org.id, 'vcse') })).body.addresses).toHaveLength(1);
  });
});

describe('Fund reminder settings', () => {
  it('lets the fund’s managers set the reminder days, audited on the fund’s trail', async () => {
    const s = await createScenario(h);
    const fundPath = `/v1/funds/${s.fundId}/notification-settings`;
    expect((await h.call('GET', fundPath, { as: s.manager })).body.reminderDaysBefore).toEqual([3, 1]);
    const saved = await h.call('PUT', fundPath, { as: s.manager, body: { reminderDaysBefore: [1, 7] } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.reminderDaysBefore).toEqual([7, 1]);
    expect((await h.call('PUT', fundPath, { as: s.manager, body: { reminderDaysBefore: [0] } })).status).toBe(400);
    expect((await h.call('PUT', fundPath, { as: s.vcse, body: { reminderDaysBefore: [2] } })).status).toBe(403);
    const verified = await verifyFundAudit(h.table.store, s.fundId);
    expect(verified.ok).toBe(true);
  });
});
