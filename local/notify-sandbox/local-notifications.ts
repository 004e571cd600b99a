// `npm start`'s notifications: the Notify stand-in (unless NOTIFY_API_KEY is set), the in-process notifier, GET /v1/dev/outbox.
import { resolve } from 'node:path';
import { Hono } from 'hono';
import type { Logger } from '@aws-lambda-powertools/logger';
import { under, type Mount } from '../../functions/runtime/compose.js';
import { buildNotifierDeps } from '../../functions/notifier/build.js';
import { startLocalNotifier, type LocalNotifier } from '../../functions/notifier/local.js';
import type { Store } from '../../shared/store/client.js';
import { startNotifySandbox, type NotifySandbox } from './index.js';

export interface LocalNotifications {
  /** The stand-in's URL, or a note that real Notify is used. */
  readonly description: string;
  /** GET /v1/dev/outbox, served beside the API while the stand-in runs. */
  readonly mounts: readonly Mount[];
  /** Starts the notifier once the table exists (it turns the table's stream on). */
  startNotifier(): Promise<void>;
  stop(): Promise<void>;
}

export const OUTBOX_PATH = '/v1/dev/outbox';

/**
 * The outbox beside the API locally: every message the stand-in received, optionally for one address.
 * Local only and, like POST /v1/dev/token, open to any caller on this machine.
 */
export const outboxApp = (sandbox: NotifySandbox) =>
  new Hono().get(OUTBOX_PATH, (c) => c.json({ messages: sandbox.outbox(c.req.query('email')) }, 200));

export const startLocalNotifications = async (options: {
  store: Store;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  dynamoEndpoint: string;
  publicUrl: string;
  reminderIntervalMs: number;
}): Promise<LocalNotifications> => {
  let sandbox: NotifySandbox | undefined;
  let env = options.env;
  if (!env.NOTIFY_API_KEY) {
    const dataFile = resolve(options.dataDir, 'notify-sandbox.json');
    sandbox = await startNotifySandbox({ port: Number(env.NOTIFY_SANDBOX_PORT ?? 12112), dataFile }).catch((error: NodeJS.ErrnoException) => {
      // The usual port is taken (another checkout running): any free one will do, it is printed below.
      if (error.code === 'EADDRINUSE' && !env.NOTIFY_SANDBOX_PORT) return startNotifySandbox({ port: 0, dataFile });
      throw error;
    });
    env = { ...env, NOTIFY_SANDBOX_URL: sandbox.url };
  }
  const deps = (await buildNotifierDeps(env, { store: options.store, publicUrl: options.publicUrl, logger: options.logger }))!;
  let notifier: LocalNotifier | undefined;
  return {
    async startNotifier() {
      notifier = await startLocalNotifier(deps, { endpoint: options.dynamoEndpoint, reminderIntervalMs: options.reminderIntervalMs, retryDelayMs: 5_000 });
    },
    description: sandbox ? `local stand-in at ${sandbox.url} (messages at ${OUTBOX_PATH})` : 'real GOV.UK Notify (NOTIFY_API_KEY)',
    mounts: sandbox ? [under(outboxApp(sandbox), OUTBOX_PATH)] : [],
    async stop() {
      await notifier?.stop();
      await sandbox?.close();
    },
  };
};
