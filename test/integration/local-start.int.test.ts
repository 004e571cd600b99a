// `npm start` as a user runs it: answers, seeds once, keeps data across a restart, stops cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/dynamodb.js';
import { openReferralErrors } from '../support/standards.js';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pop-start-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

const poll = async <T>(what: string, fn: () => Promise<T | undefined>, ms = 180_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
};

const start = async () => {
  const [port, dynamoPort, stripePort] = [await freePort(), await freePort(), await freePort()];
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'local/start.ts'], {
    env: { ...process.env, PORT: String(port), DYNAMODB_PORT: String(dynamoPort), STRIPE_SANDBOX_PORT: String(stripePort), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  // Every answer /health gives, from the first one until it says it is ready.
  const health: { status: number; body: unknown }[] = [];
  await poll('the API to answer /health', async () => {
    const res = await fetch(`${base}/health`);
    health.push({ status: res.status, body: await res.json() });
    return res.ok ? true : undefined;
    // /health waits for the demo data (three months of history) to be seeded: allow for a busy machine.
  }, 180_000);
  await poll('the start banner', async () => (output.includes('Press Ctrl-C to stop.') ? true : undefined));
  return { child, base, dynamoPort, health, output: () => output };
};

const stop = async (child: ChildProcess) => {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
};

describe('Command: npm start', () => {
  it('serves the API with demo data, keeps data across a restart, and stops what it started', async () => {
    // Prepare: a first start seeds the demo data.
    const first = await start();
    expect(first.output()).toContain('Demo data seeded');
    // It listens before the table exists and the demo data is seeded, and says so until then.
    expect(first.health[0]).toEqual({ status: 503, body: { status: 'starting' } });
    expect(first.health.at(-1)).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(first.health.slice(0, -1).every((h) => h.status === 503)).toBe(true);
    // The banner names the demo fund and the fund managers who run it.
    expect(first.output()).toMatch(/Demo fund:\n {2}.+ \(fund_[0-9A-Z]{26}\)\n {4}£[\d,]+\.\d{2}, £[\d,]+\.\d{2} available; \d{1,2} \w+ \d{4} to \d{1,2} \w+ \d{4}\n {4}managed by Medway Voluntary Action: demo-fund-manager-1, demo-fund-manager-2/);
    const token = async (base: string) =>
      (await (await fetch(`${base}/v1/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sub: 'a', roles: ['admin'] }) })).json()) as { token: string };
    const { token: adminToken } = await token(first.base);
    const created = (await (
      await fetch(`${first.base}/v1/organisations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({ name: 'Kept Across Restarts Trust', kind: 'vcse' }),
      })
    ).json()) as { id: string };
    expect((await fetch(`${first.base}/openapi.json`)).status).toBe(200);
    // Stripe onboarding through the local sandbox: open the link, the signed webhook enables payouts.
    const vcseOrg = (await (
      await fetch(`${first.base}/v1/organisations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({ name: 'Onboarding Trust', kind: 'vcse' }),
      })
    ).json()) as { id: string };
    const vcseToken = (
      (await (
        await fetch(`${first.base}/v1/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sub: 'v', roles: ['vcse'], organisationId: vcseOrg.id }) })
      ).json()) as { token: string }
    ).token;
    const link = (await (await fetch(`${first.base}/v1/organisations/${vcseOrg.id}/stripe-onboarding`, { method: 'POST', headers: { authorization: `Bearer ${vcseToken}` } })).json()) as { url: string };
    expect((await fetch(link.url)).ok).toBe(true);
    await poll('payouts to be enabled', async () => {
      const org = (await (await fetch(`${first.base}/v1/organisations/${vcseOrg.id}`, { headers: { authorization: `Bearer ${vcseToken}` } })).json()) as { payoutsEnabled: boolean };
      return org.payoutsEnabled ? true : undefined;
    });
    // /docs renders offline: the page and every file it references come from the app itself.
    const docs = await fetch(`${first.base}/docs`);
    expect(docs.status).toBe(200);
    const referenced = [...(await docs.text()).matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(referenced.length).toBeGreaterThanOrEqual(3);
    for (const url of referenced) {
      expect(url, 'no other host').toMatch(/^\/[^/]/);
      const asset = await fetch(`${first.base}${url}`);
      expect(asset.status, url).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, url).toBeGreaterThan(0);
    }
    // The public Open Referral UK API answers with the demo directory, without sign-in.
    const directory = async (base: string) => (await (await fetch(`${base}/openreferral/services?per_page=200`)).json()) as { total_items: number; contents: { id: string }[] };
    const published = await directory(first.base);
    expect(published.total_items).toBeGreaterThan(0);
    expect(openReferralErrors('/services', published)).toEqual([]);

    // Act: stop on SIGTERM, then start again on the same DATA_DIR.
    expect(await stop(first.child)).toBe(0);
    expect(await portOpen(first.dynamoPort)).toBe(false);
    const second = await start();

    // Assess: the organisation is still there, the signing key survived, and nothing was re-seeded.
    expect(second.output()).not.toContain('Demo data seeded');
    const read = await fetch(`${second.base}/v1/organisations/${created.id}`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { name: string }).name).toBe('Kept Across Restarts Trust');
    // The same services under the same UUIDs after the restart.
    expect((await directory(second.base)).contents.map((s) => s.id)).toEqual(published.contents.map((s) => s.id));
    expect(await stop(second.child)).toBe(0);
  }, 480_000);
});

describe('Command: npm start without Java', () => {
  it('says exactly how to install Java and exits', async () => {
    // A PATH with node but no java.
    const bin = await mkdtemp(join(tmpdir(), 'pop-nojava-'));
    await symlink(process.execPath, join(bin, 'node'));
    const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'local/start.ts'], {
      env: { ...process.env, PATH: bin, DATA_DIR: dataDir, PORT: String(await freePort()) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('sudo apt-get update && sudo apt-get install -y openjdk-17-jre-headless');
  }, 60_000);
});
