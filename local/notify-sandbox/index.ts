// A local stand-in for GOV.UK Notify: its v2 email API, JWT auth, errors, rate limits, faults and an outbox.
import type { IncomingMessage, Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Context } from 'hono';
import { SANDBOX_API_KEY } from '../../shared/notify/settings.js';
import { NOTIFICATION_KINDS, TEMPLATES, templateIds, type TemplateIds } from '../../shared/notify/templates.js';
import { parseApiKey, type SandboxKey } from './auth.js';
import { Faults, type FaultKind, type FaultOptions } from './faults.js';
import type { SandboxTemplate } from './render.js';
import { createSandboxServer, outboxOf, type OutboxMessage } from './server.js';
import { SandboxState } from './state.js';

export { FAULT_KINDS, type FaultKind } from './faults.js';
export type { OutboxMessage } from './server.js';
export { parseApiKey } from './auth.js';

export interface NotifySandboxOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  /** Keys it accepts; the project's fixed sandbox key by default. */
  readonly keys?: readonly SandboxKey[];
  /** Template ids to serve the project's templates under (NOTIFY_TEMPLATE_* ids, or the defaults). */
  readonly templateIds?: TemplateIds;
  readonly replyToIds?: readonly string[];
  /** Notify allows 3,000 messages a minute per key; 0 turns the limit off. */
  readonly rateLimitPerMinute?: number;
  readonly dailyLimit?: number;
  /** How long a message stays `sending` before its simulated outcome; 0 by default. */
  readonly deliverAfterMs?: number;
  /** Keeps what it received across restarts (npm start). */
  readonly dataFile?: string;
  readonly now?: () => number;
}

export interface NotifySandbox {
  readonly url: string;
  readonly apiKey: string;
  /** Every message received, oldest first. */
  outbox(email?: string): OutboxMessage[];
  /** The next `count` requests (default 1) of `method` (default POST) meet this fault. */
  fail(kind: FaultKind, options?: FaultOptions): void;
  /** Answers normally again. */
  heal(): void;
  clearOutbox(): void;
  close(): Promise<void>;
}

export const projectTemplates = (ids: TemplateIds = templateIds()): SandboxTemplate[] =>
  NOTIFICATION_KINDS.map((kind) => ({ id: ids[kind], name: kind, subject: TEMPLATES[kind].subject, body: TEMPLATES[kind].body, version: 1 }));

export const startNotifySandbox = async (options: NotifySandboxOptions = {}): Promise<NotifySandbox> => {
  const now = options.now ?? Date.now;
  const state = new SandboxState({ dataFile: options.dataFile, now, deliverAfterMs: options.deliverAfterMs ?? 0 });
  const faults = new Faults();
  const holds = new Set<() => void>();
  let url = '';
  const app = createSandboxServer({
    keys: options.keys ?? [parseApiKey(SANDBOX_API_KEY)],
    templates: new Map(projectTemplates(options.templateIds).map((t) => [t.id, t])),
    replyToIds: options.replyToIds ?? [],
    state,
    faults,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 3_000,
    dailyLimit: options.dailyLimit ?? 250_000,
    now,
    baseUrl: () => url,
    hold: () => new Promise<void>((release) => holds.add(release)),
    drop: (c: Context) => {
      (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.destroy();
      return new Response(null, { status: 500 });
    },
  });
  const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }) as Server;
  await new Promise<void>((ready, fail) => {
    server.once('listening', () => ready());
    server.once('error', fail);
  });
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    apiKey: options.keys?.[0]?.apiKey ?? SANDBOX_API_KEY,
    outbox: (email) => outboxOf(state, email),
    fail: (kind, faultOptions) => faults.add(kind, faultOptions),
    heal: () => faults.clear(),
    clearOutbox: () => state.clear(),
    async close() {
      for (const release of holds) release();
      holds.clear();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
};

/** The outbox of a stand-in running elsewhere (another process, the web service's local mode). */
export const readOutbox = async (sandboxUrl: string, email?: string): Promise<OutboxMessage[]> => {
  const response = await fetch(`${sandboxUrl}/_sandbox/outbox${email ? `?email=${encodeURIComponent(email)}` : ''}`);
  if (!response.ok) throw new Error(`The Notify stand-in at ${sandboxUrl} answered ${response.status}.`);
  return ((await response.json()) as { messages: OutboxMessage[] }).messages;
};
