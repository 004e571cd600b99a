// The rows "perf-ops" measures (bundle sizes, cold start, a payout run), called if their modules are there.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './row.js';
import { benchRow, figure, type TableEntry } from './table.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Imports a module another branch adds, by a path the compiler does not resolve, so this file
 * compiles with or without it; undefined when the file is not there.
 */
const optional = async (path: string): Promise<Record<string, unknown> | undefined> => {
  const file = here(path.replace(/\.js$/, '.ts'));
  if (!existsSync(file)) return undefined;
  const specifier: string = path;
  return (await import(specifier)) as Record<string, unknown>;
};

const isRows = (value: unknown): value is BenchRow[] => Array.isArray(value) && value.every((row) => typeof row === 'object' && row !== null && 'ratio' in row);

/** `measureColdStart()` from bench/cold-start.ts and `measurePayoutRun()` from bench/payout-run.ts. */
export const measureFromModule = async (measure: string, path: string, name: string, options: Record<string, unknown> = {}): Promise<TableEntry[]> => {
  const module = await optional(path);
  const fn = module?.[name];
  if (typeof fn !== 'function') return [{ measure, text: `not measured (module missing: ${path.replace(/^\.\//, 'bench/').replace(/\.js$/, '.ts')})` }];
  const rows: unknown = await (fn as (options: Record<string, unknown>) => Promise<unknown>)(options);
  if (!isRows(rows)) throw new Error(`Bench: ${name}() did not return bench rows`);
  return rows;
};

interface Bundles {
  /** `goalKB` is issue 14's goal where perf-ops keeps it beside the budget its test enforces. */
  readonly BUNDLES: Record<string, { readonly entry: string; readonly budgetKB: number; readonly goalKB?: number }>;
  readonly buildBundle: (entry: string) => { readonly bytes: number };
}

const isBundles = (module: Record<string, unknown> | undefined): module is Record<string, unknown> & Bundles =>
  typeof module?.buildBundle === 'function' && typeof module.BUNDLES === 'object' && module.BUNDLES !== null;

/**
 * Each Lambda bundle's minified size against issue 14's goal for it (the floor column holds that
 * size, so the goal is a ratio of 1). The entries, budgets and esbuild options come from perf-ops' `infra/bundles.ts`,
 * the one module the stack and the budget test share.
 */
export const measureBundles = async (): Promise<TableEntry[]> => {
  const module = await optional('../infra/bundles.js');
  const bundles = isBundles(module) ? module : await temporaryBundles();
  return Object.entries(bundles.BUNDLES).map(([name, { entry, budgetKB, goalKB }]) => {
    const notes = [
      ...(goalKB !== undefined && goalKB !== budgetKB ? [`the budget test enforces ${figure(budgetKB, 'KB')} until the goal is met`] : []),
      ...(isBundles(module) ? [] : ['TEMPORARY: built by the bench with main’s stack options; infra/bundles.ts (perf-ops) was not there']),
    ];
    return benchRow({
      measure: `${name} Lambda bundle (minified) ÷ its goal`,
      unit: 'KB',
      project: bundles.buildBundle(entry).bytes / 1000,
      floor: goalKB ?? budgetKB,
      goal: 1,
      ...(notes.length ? { note: notes.join('; ') } : {}),
    });
  });
};

/**
 * TODO(lead): delete once perf-ops' `infra/bundles.ts` is merged. Until then: the issue's budgets and
 * the options `infra/constructs/api-function.ts` gives NodejsFunction on main (ESM, minified, nothing external).
 */
const temporaryBundles = async (): Promise<Bundles> => {
  const { buildSync } = await import('esbuild');
  return {
    BUNDLES: {
      api: { entry: 'functions/api/index.ts', budgetKB: 800 },
      webhook: { entry: 'functions/stripe-webhook/index.ts', budgetKB: 500 },
      worker: { entry: 'functions/payout-worker/index.ts', budgetKB: 500 },
      expiry: { entry: 'functions/expiry-job/index.ts', budgetKB: 500 },
    },
    buildBundle: (entry) => {
      const result = buildSync({
        entryPoints: [here(`../${entry}`)],
        bundle: true,
        platform: 'node',
        // NodejsFunction targets the runtime's Node.js (NODE_RUNTIME: nodejs24.x).
        target: 'node24',
        format: 'esm',
        mainFields: ['module', 'main'],
        minify: true,
        write: false,
        outfile: 'index.mjs',
        logLevel: 'silent',
      });
      return { bytes: result.outputFiles.find((file) => file.path.endsWith('index.mjs'))!.contents.byteLength };
    },
  };
};
