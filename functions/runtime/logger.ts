// The structured JSON logger (Powertools) every entry point writes with.
import { Logger } from '@aws-lambda-powertools/logger';
import type { Config } from '../../shared/config.js';
import { SERVICE_NAME } from './metrics.js';

export const createLogger = (config: Pick<Config, 'LOG_LEVEL'>, serviceName: string = SERVICE_NAME): Logger =>
  new Logger({ serviceName, logLevel: config.LOG_LEVEL });
