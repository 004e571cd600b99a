import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../shared/config.js';

describe('Function: loadConfig', () => {
  it('refuses AUTH_MODE=local inside Lambda', () => {
    expect(() => loadConfig({ AUTH_MODE: 'local', AWS_LAMBDA_FUNCTION_NAME: 'api' })).toThrow(/refused inside Lambda/);
  });
  it('refuses AUTH_MODE=local in prod', () => {
    expect(() => loadConfig({ AUTH_MODE: 'local', STAGE: 'prod' })).toThrow(ConfigError);
  });
  it('names what cognito mode is missing', () => {
    expect(() => loadConfig({ AUTH_MODE: 'cognito' })).toThrow(/JWKS_URL and JWT_ISSUER/);
  });
  it('accepts local mode on a developer machine', () => {
    expect(loadConfig({ AUTH_MODE: 'local' }).TABLE_NAME).toBe('pay-on-prescription');
  });
});
