// Starts the crash tests' child process (crash-child.ts, bundled once by esbuild) and reports how it ended.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
// Under node_modules, so the bundle's package imports resolve as the sources' do.
const BUNDLE = fileURLToPath(new URL(`../../node_modules/.cache/pop-crash-child-${randomUUID().slice(0, 8)}.mjs`, import.meta.url));

let bundled: Promise<unknown> | undefined;
/** One bundle per test file: starting node on it takes a fraction of compiling the sources each time. */
const bundle = () => (bundled ??= build({ entryPoints: [CHILD], outfile: BUNDLE, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' }));

/** Deletes this file's bundle. */
export const removeBundle = async () => {
  const { rm } = await import('node:fs/promises');
  await rm(BUNDLE, { force: true });
};

export interface Crash {
  /** The DynamoDB call (counted from the process's start) at which it SIGKILLs itself. */
  readonly atCall: number;
  readonly when: 'before' | 'after';
}

export interface ChildProcess {
  /** Where it listens; undefined when it died before listening. */
  readonly baseUrl: string | undefined;
  /** Resolves with the signal that ended it (`SIGKILL` for a crash), or null for a clean exit. */
  readonly ended: Promise<NodeJS.Signals | null>;
  stop(): Promise<NodeJS.Signals | null>;
}

export const startChild = async (env: Record<string, string>, crash?: Crash): Promise<ChildProcess> => {
  await bundle();
  const child = spawn(process.execPath, [BUNDLE], {
    env: { ...process.env, POWERTOOLS_METRICS_DISABLED: 'true', LOG_LEVEL: 'ERROR', NODE_NO_WARNINGS: '1', ...env, ...(crash ? { CRASH_AT_CALL: String(crash.atCall), CRASH_WHEN: crash.when } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let exitCode: number | null = null;
  const ended = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => {
      exitCode = code;
      resolve(signal);
    }),
  );
  const baseUrl = await new Promise<string | undefined>((resolve) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /listening (\d+)/.exec(out)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
    void ended.then(() => resolve(undefined));
  });
  // Dying before listening is a crash only by SIGKILL; any other exit is a broken start.
  if (baseUrl === undefined && (await ended) !== 'SIGKILL') throw new Error(`The crash child exited with code ${exitCode} before listening`);
  return {
    baseUrl,
    ended,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return ended;
    },
  };
};
