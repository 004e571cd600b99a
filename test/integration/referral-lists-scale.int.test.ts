// The referral lists read about one page of items for a page, however many referrals the table holds.
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdFactory } from '../../shared/domain/ids.js';
import type { Referral } from '../../shared/domain/referral.js';
import { entities, itemOf } from '../../shared/store/entities.js';
import { createAgreement, createOrganisation, createScenario, sendReferral, userOf, type Scenario } from '../support/builders.js';
import { createHarness, type Caller, type Harness } from '../support/harness.js';
import { commandSpy } from '../support/referral-lists.js';

const NOW = new Date('2026-06-15T10:00:00Z');
const LIMIT = 20;
const OLDER = 1_000;

let h: Harness;
let s: Scenario;
let commissioner: Caller;

/** Older declined referrals written straight to the table as the API writes them (key, list indexes, entity). */
const olderIds = createIdFactory();
let written = 0;
const writeOlderReferrals = async (count: number) => {
  const items = Array.from({ length: count }, (_, i) => {
    const at = new Date(Date.UTC(2026, 0, 1, 9) + (written + i) * 1_000);
    const referral: Referral = {
      id: olderIds('referral', at),
      activityId: s.activityId,
      organisationId: s.vcseOrgId,
      referrerOrganisationId: s.referrerOrgId,
      clientRef: `OLD-${i}`,
      source: 'gp',
      priorityGroup: null,
      pcnOdsCode: null,
      snomedCode: null,
      externalRef: null,
      status: 'declined',
      outcome: null,
      declineReason: 'Full that month.',
      funding: null,
      sentAt: at.toISOString(),
      respondBy: null,
      respondedAt: at.toISOString(),
      acceptedAt: null,
      outcomeAt: null,
      createdBy: 'bulk',
    };
    return itemOf(entities.referral, referral, { ...referral, auditSeq: 0, auditHash: '' });
  });
  written += count;
  for (let i = 0; i < items.length; i += 25) {
    const chunk = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    await h.table.store.doc.send(new BatchWriteCommand({ RequestItems: { [h.table.store.tableName]: chunk } }));
  }
};

/** Items DynamoDB evaluated to answer one request. */
const evaluatedFor = async (path: string, as: Caller) => {
  const spy = commandSpy(h.table.store);
  try {
    const res = await h.call('GET', path, { as });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return { evaluated: spy.evaluated, items: res.body.items.length as number, scans: spy.commands.filter((c) => c === 'ScanCommand').length };
  } finally {
    spy.restore();
  }
};

beforeAll(async () => {
  h = await createHarness({ clock: () => NOW });
  s = await createScenario(h);
  await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_000 });
  commissioner = userOf((await createOrganisation(h, 'commissioner')).id, 'commissioner');
  for (let i = 0; i < 2 * LIMIT; i += 1) {
    const referral = await sendReferral(h, s);
    if (i % 2 === 0) expect((await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse })).status).toBe(200);
  }
  const withdrawn = await sendReferral(h, s);
  expect((await h.call('POST', `/v1/referrals/${withdrawn.id}/withdraw`, { as: s.linkWorker })).status).toBe(200);
}, 120_000);
afterAll(() => h.close());

describe('Store: the list indexes at scale', () => {
  it(`reads the same few items for a commissioner's first page at ${OLDER.toLocaleString('en-GB')} and ${(2 * OLDER).toLocaleString('en-GB')} older referrals`, async () => {
    await writeOlderReferrals(OLDER);
    const atOneSize = await evaluatedFor(`/v1/referrals?limit=${LIMIT}`, commissioner);
    await writeOlderReferrals(OLDER);
    const atTwice = await evaluatedFor(`/v1/referrals?limit=${LIMIT}`, commissioner);
    expect(atTwice.items).toBe(LIMIT);
    expect(atTwice.scans).toBe(0);
    // The page reads a share of itself from each of the 8 shards and a little more from the busiest.
    expect(atTwice.evaluated).toBeLessThanOrEqual(2 * LIMIT);
    expect(atTwice.evaluated).toBe(atOneSize.evaluated);
  });

  it('reads only the rare status’s own items for a status filter, however common the others are', async () => {
    const rare = await evaluatedFor(`/v1/referrals?limit=${LIMIT}&status=withdrawn`, commissioner);
    expect(rare.items).toBe(1);
    expect(rare.evaluated).toBe(1);
  });

  it('reads about one page for a fund manager’s first page', async () => {
    const page = await evaluatedFor(`/v1/referrals?limit=${LIMIT / 2}`, s.manager);
    expect(page.items).toBe(LIMIT / 2);
    // The fund page reads one more than it gives (to know there is more), and the manager’s one fund.
    expect(page.evaluated).toBeLessThanOrEqual(LIMIT / 2 + 2);
  });
});
