// process.env parsed once, with a clear message for each setting that is missing or wrong.
import * as z from 'zod';
import { ACCOUNT_SETUPS, DEFAULT_ACCOUNT_SETUP } from './stripe/account-setup.js';

const boolish = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

const schema = z
  .object({
    STAGE: z.enum(['local', 'dev', 'prod']).default('local'),
    AUTH_MODE: z.enum(['local', 'cognito']).default('cognito'),
    TABLE_NAME: z.string().min(1).default('pay-on-prescription'),
    DYNAMODB_ENDPOINT: z.string().url().optional(),
    AWS_REGION: z.string().default('eu-west-2'),
    JWT_ISSUER: z.string().min(1).optional(),
    JWT_AUDIENCE: z.string().min(1).optional(),
    JWKS_URL: z.string().url().optional(),
    /** The Cognito user pool the API invites people into (AdminCreateUser); set by the stack. */
    USER_POOL_ID: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
    PUBLIC_URL: z.string().url().optional(),
    PAYOUT_QUEUE_URL: z.string().optional(),
    STRIPE_SECRET_KEY: z.string().min(1).optional(),
    STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
    /** The signing secret of a second (account, not Connect) webhook endpoint at the same URL. */
    STRIPE_PLATFORM_WEBHOOK_SECRET: z.string().min(1).optional(),
    STRIPE_SECRET_ARN: z.string().min(1).optional(),
    /** How connected accounts are set up: service agreement and capabilities (docs/stripe.md). */
    STRIPE_ACCOUNT_SETUP: z.enum(ACCOUNT_SETUPS).default(DEFAULT_ACCOUNT_SETUP),
    /** The local Stripe sandbox, e.g. http://127.0.0.1:12111; ignored when a real key is set. */
    STRIPE_SANDBOX_URL: z.string().url().optional(),
    /** Transfers per second the payout worker makes; Stripe test mode allows 25 requests a second. */
    PAYOUT_TRANSFERS_PER_SECOND: z.coerce.number().positive().max(100).default(20),
    GRANT_ID_PREFIX: z.string().min(1).default('360G-EXAMPLE'),
    RUNNING_IN_LAMBDA: boolish.optional(),
    AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
  })
  .superRefine((env, ctx) => {
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
  });

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Configuration is not valid:\n${lines.join('\n')}`);
  }
  return parsed.data;
};
