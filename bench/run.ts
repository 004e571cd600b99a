// `npm run bench`: every figure of issue 14's table and the web pages' render times, each beside its floor measured in the same run.
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { measureAcceptance } from './acceptance.js';
import { measureColdStart } from './cold-start.js';
import { measureBundles } from './ops.js';
import { measurePayoutRun } from './payout-run.js';
import { measurePages, timedApi } from './pages.js';
import { startBenchPlatform } from './platform.js';
import { measureScale } from './scale.js';
import { consoleTable, isMeasured, markdownTable, type TableEntry } from './table.js';

/** BENCH_QUICK=1: a smoke run (few iterations, 10,000 referrals instead of 100,000). BENCH_ONLY=acceptance,pages,...: some sections. */
const quick = process.env.BENCH_QUICK === '1';
const only = new Set((process.env.BENCH_ONLY ?? '').split(',').filter(Boolean));
const wanted = (section: string) => only.size === 0 || only.has(section);

const machine = () => ({
  platform: `${process.platform} ${process.arch}`,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
});
const load = () => loadavg().map((n) => Math.round(n * 100) / 100);

const started = new Date();
const loadAtStart = load();
const entries: TableEntry[] = [];
const section = async (name: string, measure: () => Promise<readonly TableEntry[]>) => {
  if (!wanted(name)) return;
  const t = performance.now();
  console.error(`bench: ${name}…`);
  entries.push(...(await measure()));
  console.error(`bench: ${name} took ${((performance.now() - t) / 1000).toFixed(0)} s`);
};

const platform = await startBenchPlatform();
try {
  await section('pages', async () =>
    measurePages(await platform.tableApp('bench-demo', timedApi), quick ? { warmup: 5, samples: 20 } : { warmup: 20, samples: 150 }),
  );
  await section('acceptance', async () =>
    measureAcceptance(await platform.tableApp('bench-acceptance'), quick ? { warmup: 20, oneAtATime: 60, rounds: 2 } : { warmup: 100, oneAtATime: 600, rounds: 12 }),
  );
  await section('scale', () =>
    measureScale(platform.tableApp, quick ? { small: 1_000, large: 10_000, warmup: 5, samples: 30 } : { small: 1_000, large: 100_000, warmup: 20, samples: 200 }),
  );
  // The cold start starts fresh processes, and the payout run its own sandbox; they share this DynamoDB Local.
  const dynamoEndpoint = platform.dynamoEndpoint;
  await section('bundles', measureBundles);
  await section('cold-start', () => measureColdStart({ dynamoEndpoint, ...(quick ? { runs: 5 } : {}) }));
  await section('payout-run', () => measurePayoutRun({ dynamoEndpoint, ...(quick ? { organisations: 200 } : {}) }));
} finally {
  await platform.stop();
}
const results = {
  date: started.toISOString(),
  durationSeconds: Math.round((Date.now() - started.getTime()) / 1000),
  quick,
  machine: machine(),
  loadAverage: { atStart: loadAtStart, atEnd: load(), note: '1, 5 and 15 minute load averages; the machine may be shared with other work' },
  rows: entries.filter(isMeasured),
  withoutRatio: entries.filter((e) => !isMeasured(e)),
};
console.log(`\nnpm run bench${quick ? ' (BENCH_QUICK=1)' : ''}, ${started.toISOString()}, ${results.machine.cores} cores, load ${loadAtStart.join(' ')} → ${results.loadAverage.atEnd.join(' ')}\n`);
console.log(consoleTable(entries));
// A quick smoke run's figures are not worth keeping: they go to the temporary folder, never over the full run's.
const file = quick || only.size > 0 ? join(tmpdir(), 'pop-bench-results.json') : 'bench/results.json';
await writeFile(file, `${JSON.stringify({ ...results, markdown: markdownTable(entries) }, null, 2)}\n`);
console.log(`\nWritten to ${file}.`);
