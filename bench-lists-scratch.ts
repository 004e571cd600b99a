// Scratch (not committed): a commissioner's first page at 1,000 and at 100,000 referrals.
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createIdFactory } from './shared/domain/ids.js';
import type { Referral } from './shared/domain/referral.js';
import { entities, itemOf } from './shared/store/entities.js';
import { createBenchApp, percentile, timed } from './bench/support.js';
import { startDynamoDbLocal, freePort } from './local/dynamodb.js';

const dynamo = await startDynamoDbLocal({ port: await freePort() });
try {
  const { call, store } = await createBenchApp(dynamo.endpoint, 'lists');
  const ids = createIdFactory();
  let n = 0;
  const write = async (count: number) => {
    const items = Array.from({ length: count }, () => {
      const at = new Date(Date.UTC(2026, 0, 1) + n++ * 1000);
      const status = (['accepted', 'declined', 'sent', 'withdrawn'] as const)[n % 4]!;
      const r: Referral = { id: ids('referral', at), activityId: `act_${n % 50}`, organisationId: `org_${n % 10}`, referrerOrganisationId: 'org_r', clientRef: `C-${n}`, source: 'gp', priorityGroup: null, pcnOdsCode: null, snomedCode: null, externalRef: null, status, outcome: null, declineReason: null, funding: status === 'accepted' ? { fundId: `fund_${n % 3}`, agreementId: 'agr', agreementKind: 'per_referral', periodKey: '2026-01', tariffPence: 2000 } : null, sentAt: at.toISOString(), respondBy: null, respondedAt: null, acceptedAt: null, outcomeAt: null, createdBy: 'x' };
      return itemOf(entities.referral, r, { ...r, auditSeq: 1, auditHash: 'h' });
    });
    const chunks = Array.from({ length: Math.ceil(items.length / 25) }, (_, i) => items.slice(i * 25, i * 25 + 25));
    const t = performance.now();
    await timed(chunks, 4, (chunk) => store.doc.send(new BatchWriteCommand({ RequestItems: { [store.tableName]: chunk.map((Item) => ({ PutRequest: { Item } })) } })));
    console.error(`wrote ${count} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  const icb = { sub: 'icb', roles: ['commissioner' as const] };
  const measure = async () => {
    for (let i = 0; i < 20; i += 1) await call('GET', '/v1/referrals?limit=50', icb);
    const s: number[] = [];
    for (let i = 0; i < 100; i += 1) {
      const t = performance.now();
      const res = await call('GET', '/v1/referrals?limit=50', icb);
      if (res.body.items.length !== 50) throw new Error('short page');
      s.push(performance.now() - t);
    }
    return { p50: +percentile(s, 50).toFixed(2), p95: +percentile(s, 95).toFixed(2) };
  };
  await write(1_000);
  const at1k = await measure();
  await write(9_000);
  const at100k = await measure();
  console.log(JSON.stringify({ at1k, at100k, ratioP50: +(at100k.p50 / at1k.p50).toFixed(2) }));
} finally {
  await dynamo.stop();
}
