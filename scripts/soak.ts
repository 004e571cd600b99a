// `npm run test:soak -- [--steps N] [--seeds K] [--seconds S] [--runs R]`: the long forms of the hostile
// suites: R fuzzed inputs per operation (200), K simulation seeds (5) of N steps (1,000), S seconds of
// mixed load (60), 8 kills per crash test, a payout run of 5,000 lines paid in slices, and the fault and
// matrix suites, through vitest's integration project.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const FILES = [
  'test/integration/hostile-input.int.test.ts',
  'test/integration/faults-dynamodb.int.test.ts',
  'test/integration/authz-matrix.int.test.ts',
  'test/integration/faults-stripe.int.test.ts',
  'test/integration/faults-crash.int.test.ts',
  'test/integration/simulation.int.test.ts',
  'test/integration/load.int.test.ts',
  'test/integration/payout-slices.int.test.ts',
];

const { values } = parseArgs({
  options: { steps: { type: 'string' }, seeds: { type: 'string' }, seconds: { type: 'string' }, runs: { type: 'string' } },
});
const whole = (name: string, value: string | undefined, fallback: string) => {
  const chosen = value ?? fallback;
  if (!/^[1-9]\d*$/.test(chosen)) {
    console.error(`--${name} must be a whole number above zero, not "${chosen}".`);
    process.exit(2);
  }
  return chosen;
};
const env = {
  ...process.env,
  HOSTILE_RUNS: whole('runs', values.runs, process.env.HOSTILE_RUNS ?? '200'),
  SIM_STEPS: whole('steps', values.steps, process.env.SIM_STEPS ?? '1000'),
  SIM_SEEDS: whole('seeds', values.seeds, process.env.SIM_SEEDS ?? '5'),
  LOAD_SECONDS: whole('seconds', values.seconds, process.env.LOAD_SECONDS ?? '60'),
  CRASH_KILLS: process.env.CRASH_KILLS ?? '8',
  PAYOUT_SLICE_LINES: process.env.PAYOUT_SLICE_LINES ?? '5000',
};
console.log(`Soak: ${env.HOSTILE_RUNS} inputs per operation, ${env.SIM_SEEDS} seeds × ${env.SIM_STEPS} steps, ${env.LOAD_SECONDS} s of load, a ${env.PAYOUT_SLICE_LINES}-line payout run.`);
const run = spawnSync('npx', ['vitest', 'run', '--project', 'integration', ...FILES], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
