// Configuration as every Lambda entry reads it at cold start: the process environment, marked as Lambda.
import { loadConfig, type Config } from '../../shared/config.js';

/** `RUNNING_IN_LAMBDA` makes loadConfig refuse settings that are for `npm start` only (AUTH_MODE=local). */
export const loadLambdaConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig({ ...env, RUNNING_IN_LAMBDA: 'true' });
