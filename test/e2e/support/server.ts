// Starts the real platform as `npm start` does (DynamoDB Local, Stripe sandbox, demo data) on free ports in a temp DATA_DIR.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../local/dynamodb.js';

export interface RunningPlatform {
  readonly base: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

/** Polls until `fn` answers or the deadline passes (no fixed sleeps). */
export const poll = async <T>(what: string, fn: () => Promise<T | undefined>, ms = 120_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
};

export const startPlatform = async (): Promise<RunningPlatform> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'pop-e2e-'));
  const [port, dynamoPort, stripePort] = [await freePort(), await freePort(), await freePort()];
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'local/start.ts'], {
    env: { ...process.env, PORT: String(port), DYNAMODB_PORT: String(dynamoPort), STRIPE_SANDBOX_PORT: String(stripePort), DATA_DIR: dataDir, LOG_LEVEL: 'WARN', PUBLIC_URL: `http://127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await poll('the platform to start and seed its demo data', async () => (output.includes('Press Ctrl-C to stop.') ? true : child.exitCode !== null ? Promise.reject(new Error(output)) : undefined), 180_000).catch((error: unknown) => {
    child.kill('SIGTERM');
    throw new Error(`The platform did not start: ${String(error)}\n${output.slice(-2000)}`);
  });
  return {
    base: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};
