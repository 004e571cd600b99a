// In AWS: the web service's settings from the function's environment, or undefined when the stack has not set them.
import { z } from 'zod';
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
