// Reads that must not grow with the table: a commissioner's first page of referrals and the spend report, at 100,000 referrals ÷ at 1,000.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys, partitionQuery, sortPrefix } from '../shared/store/keys.js';
import type { BenchApp, Caller } from './platform.js';
import type { BenchRow } from './row.js';
import { createScenario, type Scenario } from './scenario.js';
import { seedReferrals } from './seed-referrals.js';
import { percentile, time } from './stats.js';
import { benchRow, figure, ratioText } from './table.js';

export interface ScalePlan {
  readonly small: number;
  readonly large: number;
  readonly warmup: number;
  readonly samples: number;
}

const GROUPINGS = ['organisation', 'month', 'priorityGroup', 'pcn'] as const;

interface Read {
  readonly name: string;
  readonly run: (bench: BenchApp, scenario: Scenario) => Promise<void>;
}

const get = async (bench: BenchApp, path: string, as: Caller) => {
  const { status, body } = await bench.call('GET', path, as);
  if (status !== 200) throw new Error(`Bench: GET ${path} answered ${status} ${JSON.stringify(body)}`);
  return body;
};

const READS: readonly Read[] = [
  // The page the commissioner's referral list opens on: no filter, the API's default page size.
  { name: 'list', run: async (bench, s) => void (await get(bench, '/v1/referrals', s.commissioner)) },
  // The dashboard's four spend reports, one after another.
  {
    name: 'spend',
    run: async (bench, s) => {
      for (const groupBy of GROUPINGS) await get(bench, `/v1/reports/spend?fundId=${s.fundId}&groupBy=${groupBy}&limit=200`, s.commissioner);
    },
  },
  // A control, not a row: the aggregates' Queries sent straight to DynamoDB Local, to tell the emulator's growth from ours.
  {
    name: 'spend-sdk',
    run: async (bench, s) => {
      const { store } = bench.deps;
      for (const groupBy of GROUPINGS) {
        await store.doc.send(new QueryCommand({ TableName: store.tableName, ...partitionQuery(keys.aggregatePartition(s.fundId), sortPrefix.aggregate(groupBy)) }));
      }
    },
  },
];

export const measureScale = async (tableApp: (name: string) => Promise<BenchApp>, plan: ScalePlan): Promise<BenchRow[]> => {
  // Two tables side by side, one small and one large, read alternately so the machine's load falls on both alike.
  const sides: { bench: BenchApp; scenario: Scenario }[] = [];
  for (const [name, count] of [['bench-scale-small', plan.small], ['bench-scale-large', plan.large]] as const) {
    const bench = await tableApp(name);
    const scenario = await createScenario(bench, { vcses: 4, activitiesEach: 2 });
    const seeded = await time(() => seedReferrals(bench, scenario, count));
    console.error(`bench: seeded ${count.toLocaleString('en-GB')} referrals in ${(seeded.ms / 1000).toFixed(0)} s`);
    sides.push({ bench, scenario });
  }
  const samples = new Map<string, [number[], number[]]>(READS.map((read) => [read.name, [[], []]]));
  for (let i = 0; i < plan.warmup + plan.samples; i += 1) {
    for (const read of READS) {
      for (const s of i % 2 === 0 ? [0, 1] : [1, 0]) {
        const { ms } = await time(() => read.run(sides[s]!.bench, sides[s]!.scenario));
        if (i >= plan.warmup) samples.get(read.name)![s]!.push(ms);
      }
    }
  }
  const large = plan.large.toLocaleString('en-GB');
  const small = plan.small.toLocaleString('en-GB');
  const note = `p50 of ${plan.samples} reads each, tables read alternately`;
  const [listSmall, listLarge] = samples.get('list')!;
  const [spendSmall, spendLarge] = samples.get('spend')!;
  const [sdkSmall, sdkLarge] = samples.get('spend-sdk')!.map((side) => percentile(side, 50)) as [number, number];
  const control = `the same four Queries sent directly with the SDK: ${figure(sdkLarge, 'ms')} ÷ ${figure(sdkSmall, 'ms')} = ${ratioText(sdkLarge / sdkSmall)}`;
  return [
    benchRow({ measure: `commissioner's first page of referrals at ${large} ÷ at ${small}`, unit: 'ms', project: percentile(listLarge, 50), floor: percentile(listSmall, 50), goal: 1.2, note }),
    benchRow({ measure: `spend report (4 groupings) at ${large} ÷ at ${small} referrals`, unit: 'ms', project: percentile(spendLarge, 50), floor: percentile(spendSmall, 50), goal: 1.2, note: `${note}; ${control}` }),
  ];
};
