// Builds the notifier's dependencies from the environment: once per process (Lambda cold start, npm start).
import { Logger } from '@aws-lambda-powertools/logger';
import type { Store } from '../../shared/store/client.js';
import { createNotifyGateway, type NotifyGateway } from '../../shared/notify/client.js';
import { resolveNotifySettings } from '../../shared/notify/settings.js';
import { templateIds } from '../../shared/notify/templates.js';
import type { NotifierDeps } from './deps.js';

export const buildNotifierDeps = async (
  env: NodeJS.ProcessEnv,
  base: { store: Store; publicUrl: string; clock?: () => Date; logger?: Logger; notify?: NotifyGateway },
): Promise<NotifierDeps | undefined> => {
  const settings = await resolveNotifySettings(env);
  if (!settings && !base.notify) return undefined;
  return {
    store: base.store,
    notify: base.notify ?? createNotifyGateway({ apiKey: settings!.apiKey, baseUrl: settings!.baseUrl, timeoutMs: settings!.timeoutMs }),
    templates: settings?.templates ?? templateIds(env),
    emailReplyToId: settings?.emailReplyToId,
    clock: base.clock ?? (() => new Date()),
    logger: base.logger ?? new Logger({ serviceName: 'pay-on-prescription-notifier', logLevel: (env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO' }),
    publicUrl: base.publicUrl,
    // Three Notify timeouts: a live worker has always given up on its request before its lease ends.
    leaseMs: 3 * (settings?.timeoutMs ?? 10_000),
  };
};
