// In AWS: the web service's settings from the function's environment, or undefined when the stack has not set them.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import type { ApiCall, WebOptions, WebTokenVerifier } from './options.js';
import { sessionKeyFrom } from './mount.js';

const WebEnvironment = z.object({
  COGNITO_DOMAIN: z.string().url(),
  JWT_AUDIENCE: z.string().min(1),
  WEB_SESSION_SECRET: z.string().min(32),
  PUBLIC_URL: z.string().url(),
});

export const webOptionsFromEnv = (env: Record<string, string | undefined>, api: ApiCall, verifier: WebTokenVerifier): WebOptions | undefined => {
  const parsed = WebEnvironment.safeParse(env);
  if (!parsed.success) return undefined;
  return {
    api,
    verifier,
    auth: { mode: 'cognito', cognito: { domain: parsed.data.COGNITO_DOMAIN, clientId: parsed.data.JWT_AUDIENCE } },
    sessionKey: sessionKeyFrom(parsed.data.WEB_SESSION_SECRET),
    publicUrl: parsed.data.PUBLIC_URL,
  };
};

/**
 * The stack passes the session secret as WEB_SESSION_SECRET_ARN (its value never in the template):
 * read it once at cold start and hand webOptionsFromEnv the environment with WEB_SESSION_SECRET set.
 * An explicit WEB_SESSION_SECRET wins, and without either the environment is returned as it is.
 */
export const withWebSessionSecret = async (
  env: Record<string, string | undefined>,
  secrets: () => SecretsManagerClient = () => new SecretsManagerClient({ region: env.AWS_REGION }),
): Promise<Record<string, string | undefined>> => {
  if (env.WEB_SESSION_SECRET || !env.WEB_SESSION_SECRET_ARN) return env;
  const { SecretString } = await secrets().send(new GetSecretValueCommand({ SecretId: env.WEB_SESSION_SECRET_ARN }));
  if (!SecretString) throw new Error('The web session secret (WEB_SESSION_SECRET_ARN) has no value.');
  return { ...env, WEB_SESSION_SECRET: SecretString };
};
