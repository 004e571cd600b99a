// process.env parsed once, with a clear message for each setting that is missing or wrong.
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { ACCOUNT_SETUPS, DEFAULT_ACCOUNT_SETUP } from './stripe/account-setup.js';

// zod/mini (the smaller build) keeps classic zod out of the bundles that need no OpenAPI document;
// it loads no locale itself, so the messages are English only once this has run.
z.config(en());

const boolish = z.pipe(
  z.enum(['true', 'false', '1', '0']),
  z.transform((v) => v === 'true' || v === '1'),
);

const schema = z
  .object({
    STAGE: z._default(z.enum(['local', 'dev', 'prod']), 'local'),
    AUTH_MODE: z._default(z.enum(['local', 'cognito']), 'cognito'),
    TABLE_NAME: z._default(z.string().check(z.minLength(1)), 'pay-on-prescription'),
    DYNAMODB_ENDPOINT: z.optional(z.url()),
    AWS_REGION: z._default(z.string(), 'eu-west-2'),
    JWT_ISSUER: z.optional(z.string().check(z.minLength(1))),
    JWT_AUDIENCE: z.optional(z.string().check(z.minLength(1))),
    JWKS_URL: z.optional(z.url()),
    /** The Cognito user pool the API invites people into (AdminCreateUser); set by the stack. */
    USER_POOL_ID: z.optional(z.string().check(z.minLength(1))),
    LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']), 'INFO'),
    PUBLIC_URL: z.optional(z.url()),
    PAYOUT_QUEUE_URL: z.optional(z.string()),
    STRIPE_SECRET_KEY: z.optional(z.string().check(z.minLength(1))),
    STRIPE_WEBHOOK_SECRET: z.optional(z.string().check(z.minLength(1))),
    /** The signing secret of a second (account, not Connect) webhook endpoint at the same URL. */
    STRIPE_PLATFORM_WEBHOOK_SECRET: z.optional(z.string().check(z.minLength(1))),
    STRIPE_SECRET_ARN: z.optional(z.string().check(z.minLength(1))),
    /** How connected accounts are set up: service agreement and capabilities (docs/stripe.md). */
    STRIPE_ACCOUNT_SETUP: z._default(z.enum(ACCOUNT_SETUPS), DEFAULT_ACCOUNT_SETUP),
    /** The local Stripe sandbox, e.g. http://127.0.0.1:12111; ignored when a real key is set. */
    STRIPE_SANDBOX_URL: z.optional(z.url()),
    /** Transfers per second the payout worker makes; Stripe test mode allows 25 requests a second. */
    PAYOUT_TRANSFERS_PER_SECOND: z._default(z.coerce.number().check(z.positive(), z.maximum(100)), 20),
    /** Payout workers that may run at once (the queue's maximum concurrency): each run is paid in this many shards. */
    PAYOUT_WORKERS: z._default(z.coerce.number().check(z.int(), z.positive(), z.maximum(10)), 1),
    GRANT_ID_PREFIX: z._default(z.string().check(z.minLength(1)), '360G-EXAMPLE'),
    RUNNING_IN_LAMBDA: z.optional(boolish),
    AWS_LAMBDA_FUNCTION_NAME: z.optional(z.string()),
  })
  .check(z.superRefine((env, ctx) => {
    const inLambda = Boolean(env.AWS_LAMBDA_FUNCTION_NAME) || env.RUNNING_IN_LAMBDA === true;
    if (env.AUTH_MODE === 'local' && (inLambda || env.STAGE === 'prod')) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_MODE'],
        message: 'AUTH_MODE=local issues its own tokens and is refused inside Lambda and in prod',
      });
    }
    if (env.AUTH_MODE === 'cognito' && !(env.JWKS_URL && env.JWT_ISSUER)) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWKS_URL'],
        message: 'AUTH_MODE=cognito needs JWKS_URL and JWT_ISSUER (the user pool’s issuer URL)',
      });
    }
  }));

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const parsed = z.safeParse(schema, env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Configuration is not valid:\n${lines.join('\n')}`);
  }
  return parsed.data;
};
