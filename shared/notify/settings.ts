// Which Notify to talk to: a real key (environment or Secrets Manager) or the local stand-in.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { NOTIFICATION_KINDS, templateIdVariable, templateIds, type TemplateIds } from './templates.js';

/**
 * The stand-in's fixed key, shaped like a real one (`<key name>-<service id>-<secret>`); it is not a
 * real key and real Notify refuses it.
 */
export const SANDBOX_SERVICE_ID = '0d1c4a52-7b8e-4f31-9a6d-5c2e8f9b0a11';
export const SANDBOX_API_KEY = `pay_on_prescription_local-${SANDBOX_SERVICE_ID}-6f7e2d1c-4b3a-4c5d-8e9f-0a1b2c3d4e5f`;

/** A Notify API key: a key name, the service id and the secret, the last two UUIDs. */
const ApiKey = z.string().regex(/-[0-9a-f-]{36}-[0-9a-f-]{36}$/i, 'must be a GOV.UK Notify API key (<key name>-<service id>-<secret>)');

const Env = z.object({
  NOTIFY_API_KEY: ApiKey.optional(),
  /** In AWS: a Secrets Manager secret holding {"apiKey":"…"}, read once at cold start. */
  NOTIFY_SECRET_ARN: z.string().min(1).optional(),
  /** The local stand-in, e.g. http://127.0.0.1:12112; ignored when a real key is set. */
  NOTIFY_SANDBOX_URL: z.string().url().optional(),
  /** A reply-to address id from the Notify service's settings; the service default when absent. */
  NOTIFY_REPLY_TO_ID: z.string().uuid().optional(),
  NOTIFY_TIMEOUT_MS: z.coerce.number().int().positive().max(60_000).default(10_000),
});

export interface NotifySettings {
  readonly apiKey: string;
  readonly baseUrl: string | undefined;
  readonly emailReplyToId: string | undefined;
  readonly templates: TemplateIds;
  readonly timeoutMs: number;
}

/**
 * Real Notify knows only the templates made in its own service, so with a real key every template
 * id must be given: the stand-in's defaults would be refused as unknown, and a refused message is
 * not retried, so every e-mail would be lost without a sound. Failing at start-up says so instead.
 */
const assertTemplatesGiven = (env: NodeJS.ProcessEnv): void => {
  const missing = NOTIFICATION_KINDS.map(templateIdVariable).filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(`GOV.UK Notify needs the id of each template in your Notify service; these are not set: ${missing.join(', ')}. See docs/notifications.md for the templates to create.`);
  }
};

export const resolveNotifySettings = async (
  env: NodeJS.ProcessEnv = process.env,
  secrets: () => SecretsManagerClient = () => new SecretsManagerClient({ region: env.AWS_REGION ?? 'eu-west-2' }),
): Promise<NotifySettings | undefined> => {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Notify configuration is not valid:\n${parsed.error.issues.map((i) => `- ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const config = parsed.data;
  const common = { emailReplyToId: config.NOTIFY_REPLY_TO_ID, templates: templateIds(env), timeoutMs: config.NOTIFY_TIMEOUT_MS };
  if (config.NOTIFY_SECRET_ARN || config.NOTIFY_API_KEY) assertTemplatesGiven(env);
  if (config.NOTIFY_SECRET_ARN) {
    const { SecretString } = await secrets().send(new GetSecretValueCommand({ SecretId: config.NOTIFY_SECRET_ARN }));
    const secret = z.object({ apiKey: ApiKey }).safeParse(JSON.parse(SecretString ?? '{}'));
    if (!secret.success) throw new Error('The Notify secret must be JSON {"apiKey":"<key name>-<service id>-<secret>"}; set it with aws secretsmanager put-secret-value.');
    return { apiKey: secret.data.apiKey, baseUrl: undefined, ...common };
  }
  if (config.NOTIFY_API_KEY) return { apiKey: config.NOTIFY_API_KEY, baseUrl: undefined, ...common };
  if (config.NOTIFY_SANDBOX_URL) return { apiKey: SANDBOX_API_KEY, baseUrl: config.NOTIFY_SANDBOX_URL, ...common };
  return undefined;
};
