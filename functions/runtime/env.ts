// The Hono environment every route shares: its dependencies and per-request variables.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Principal } from '../../shared/domain/roles.js';
import type { Deps } from './deps.js';

export interface AppEnv {
  Variables: {
    deps: Deps;
    requestId: string;
    logger: Logger;
    principal: Principal | undefined;
  };
}
