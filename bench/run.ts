// `npm run bench`: acceptance latency and throughput, and report latency at 1,000 vs 100,000 accepted referrals.
import { writeFile } from 'node:fs/promises';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../local/dynamodb.js';
import { aggregateUpdates } from '../shared/store/aggregates.js';
import { keys, indexKeys } from '../shared/store/keys.js';
import { createBenchApp, percentile, timed } from './support.js';

const dynamo = await startDynamoDbLocal();
const results: Record<string, unknown> = { date: new Date().toISOString(), machine: `${process.platform} ${process.arch}, node ${process.version}` };
try {
  const { store, call, deps } = await createBenchApp(dynamo.endpoint, `bench-${Date.now()}`);
  const admin = { sub: 'bench-admin', roles: ['admin' as const] };
  const org = async (kind: string) => (await call('POST', '/v1/organisations', admin, { name: `Bench ${kind} ${Math.random()}`, kind })).body.id as string;
  const mva = await org('fund_manager');
  const manager = { sub: 'bench-fm', roles: ['fund_manager' as const], organisationId: mva };
  const fund = (await call('POST', '/v1/funds', manager, { name: 'Bench fund', totalPence: 10_000_000_000, startsOn: '2026-01-01', endsOn: '2027-12-31' })).body.id as string;
  const vcseOrg = await org('vcse');
  const vcse = { sub: 'bench-vcse', roles: ['vcse' as const], organisationId: vcseOrg };
  const activity = (await call('POST', '/v1/activities', vcse, { name: 'Bench walk', category: 'physical_activity' })).body.id as string;
  await call('POST', `/v1/funds/${fund}/agreements`, manager, { organisationId: vcseOrg, kind: 'per_referral', tariffPence: 2_500, period: 'month', startsOn: '2026-01-01', endsOn: '2027-12-31' });
  const referrer = await org('referrer');
  const linkWorker = { sub: 'bench-lw', roles: ['link_worker' as const], organisationId: referrer };

  // 1. Acceptance: the hot path, end to end through the API (auth, validation, one transaction).
  const N = Number(process.env.BENCH_ACCEPTANCES ?? 1000);
  const sent: string[] = [];
  await timed(Array.from({ length: N }, (_, i) => i), 16, async (i) => {
    const res = await call('POST', '/v1/referrals', linkWorker, { activityId: activity, clientRef: `B-${i}`, source: 'gp', pcnOdsCode: 'U12345' });
    sent.push(res.body.id);
  });
  for (const concurrency of [1, 16]) {
    const batch = sent.splice(0, Math.floor(N / 2));
    const { durations, wallMs } = await timed(batch, concurrency, async (id) => {
      const res = await call('POST', `/v1/referrals/${id}/accept`, vcse);
      if (res.status !== 200) throw new Error(`accept failed: ${res.status} ${JSON.stringify(res.body)}`);
    });
    results[`acceptance_c${concurrency}`] = {
      count: batch.length,
      concurrency,
      p50Ms: +percentile(durations, 50).toFixed(1),
      p95Ms: +percentile(durations, 95).toFixed(1),
      perSecond: +((batch.length / wallMs) * 1000).toFixed(0),
    };
  }

  // 2. Reports: latency with ~1,000 accepted referrals, then with 100,000 (seeded as acceptances
  // leave them: referral items and the aggregate counters, written in bulk for speed).
  const commissioner = { sub: 'bench-icb', roles: ['commissioner' as const] };
  const reportLatency = async () => {
    const samples: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      const t = performance.now();
      for (const groupBy of ['organisation', 'month', 'priorityGroup', 'pcn']) await call('GET', `/v1/reports/spend?fundId=${fund}&groupBy=${groupBy}`, commissioner);
      samples.push(performance.now() - t);
    }
    return { p50Ms: +percentile(samples, 50).toFixed(2), p95Ms: +percentile(samples, 95).toFixed(2) };
  };
  const seedAccepted = async (count: number) => {
    const items = Array.from({ length: count }, () => {
      const id = deps.ids('referral', new Date());
      return {
        ...keys.referral(id),
        gsi1pk: indexKeys.providerReferrals(vcseOrg),
        gsi1sk: id,
        entity: 'referral',
        id,
        status: 'accepted',
        activityId: activity,
        organisationId: vcseOrg,
        funding: { fundId: fund, tariffPence: 2_500 },
        acceptedAt: new Date().toISOString(),
      };
    });
    await timed(Array.from({ length: Math.ceil(items.length / 25) }, (_, i) => items.slice(i * 25, i * 25 + 25)), 8, (chunk) =>
      store.doc.send(new BatchWriteCommand({ RequestItems: { [store.tableName]: chunk.map((Item) => ({ PutRequest: { Item } })) } })),
    );
    const month = new Date().toISOString().slice(0, 7);
    const updates = aggregateUpdates(store.tableName, fund, { organisation: vcseOrg, month, priorityGroup: 'not_recorded', pcn: 'U12345' }, { acceptedReferrals: count, reservedPence: count * 2_500 });
    for (const u of updates) await store.doc.send(new (await import('@aws-sdk/lib-dynamodb')).UpdateCommand(u.Update as never));
  };
  await reportLatency(); // warm-up
  const at1k = await reportLatency();
  await seedAccepted(100_000 - N);
  const at100k = await reportLatency();
  results.reports = { at1kReferrals: at1k, at100kReferrals: at100k, p50DifferencePercent: +(((at100k.p50Ms - at1k.p50Ms) / at1k.p50Ms) * 100).toFixed(1) };
} finally {
  await dynamo.stop();
}
console.log(JSON.stringify(results, null, 2));
await writeFile('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
