// Per-environment configuration: defaults, overrides, and the refusals that stop an unsafe deploy at synth.
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import { devDomainPrefix, InfraConfigError, resolveEnvironmentConfig } from '../../infra/config.js';

const reader = (context: Record<string, string>) => (key: string) => context[key];
const PROD = { env: 'prod', cognitoDomainPrefix: 'mva-pay-on-prescription', alarmEmail: 'ops@example.org' };

describe('Function: resolveEnvironmentConfig', () => {
  it('throws when prod is asked for AUTH_MODE=local', () => {
    // Act & Assess
    expect(() => resolveEnvironmentConfig(reader({ env: 'prod', authMode: 'local' }))).toThrow(/prod refuses AUTH_MODE=local/);
  });

  it('throws when dev is asked for AUTH_MODE=local too, since Lambda would refuse to start', () => {
    expect(() => resolveEnvironmentConfig(reader({ env: 'dev', authMode: 'local' }))).toThrow(InfraConfigError);
  });

  it('throws for an unknown environment, a bad alarm e-mail or a plain-http web origin in prod', () => {
    expect(() => resolveEnvironmentConfig(reader({ env: 'staging' }))).toThrow(/must be one of dev, prod/);
    expect(() => resolveEnvironmentConfig(reader({ alarmEmail: 'not-an-address' }))).toThrow(/alarmEmail/);
    expect(() => resolveEnvironmentConfig(reader({ ...PROD, webOrigin: 'http://ui.example.org' }))).toThrow(/webOrigin/);
  });

  it('throws when prod is missing its hosted UI prefix or its alarm e-mail, naming each', () => {
    expect(() => resolveEnvironmentConfig(reader({ env: 'prod' }))).toThrow(
      /prod needs -c cognitoDomainPrefix .* and -c alarmEmail .*; nothing was synthesized/,
    );
    expect(() => resolveEnvironmentConfig(reader({ env: 'prod', alarmEmail: 'ops@example.org' }))).toThrow(/prod needs -c cognitoDomainPrefix/);
    expect(() => resolveEnvironmentConfig(reader({ env: 'prod', cognitoDomainPrefix: 'mva-pop' }))).toThrow(/prod needs -c alarmEmail/);
    expect(() => resolveEnvironmentConfig(reader({ ...PROD, cognitoDomainPrefix: 'my-cognito' }))).toThrow(/without aws\/amazon\/cognito/);
    expect(() => resolveEnvironmentConfig(reader({ ...PROD, authDomainPrefix: 'mva' }))).toThrow(/now "cognitoDomainPrefix"/);
  });

  it('lets dev leave both out: alarms go nowhere, and the prefix is derived from the account and region', () => {
    const dev = resolveEnvironmentConfig(reader({}));
    expect(dev.alarmEmail).toBeUndefined();
    expect(dev.cognitoDomainPrefix).toBeUndefined();
    expect(devDomainPrefix('111111111111', 'eu-west-2')).toBe('pay-on-prescription-dev-111111111111-eu-west-2');
    expect(devDomainPrefix('222222222222', 'eu-west-2')).not.toBe(devDomainPrefix('111111111111', 'eu-west-2'));
    expect(devDomainPrefix('111111111111', 'eu-west-1')).not.toBe(devDomainPrefix('111111111111', 'eu-west-2'));
  });

  it('takes the SES identity as the From address or its domain, and nothing else', () => {
    expect(resolveEnvironmentConfig(reader({ sesFromEmail: 'no-reply@mva.org.uk' })).email).toEqual({ from: 'no-reply@mva.org.uk', identity: 'no-reply@mva.org.uk' });
    expect(resolveEnvironmentConfig(reader({ sesFromEmail: 'no-reply@mva.org.uk', sesIdentity: 'mva.org.uk' })).email?.identity).toBe('mva.org.uk');
    expect(() => resolveEnvironmentConfig(reader({ sesFromEmail: 'no-reply@mva.org.uk', sesIdentity: 'other.org' }))).toThrow(/sesIdentity/);
    expect(() => resolveEnvironmentConfig(reader({ sesIdentity: 'mva.org.uk' }))).toThrow(/needs "sesFromEmail"/);
    expect(() => resolveEnvironmentConfig(reader({ sesFromEmail: 'nobody' }))).toThrow(/not an e-mail address/);
  });

  it('defaults to dev in London, retaining data in both environments', () => {
    // Act
    const dev = resolveEnvironmentConfig(reader({}));
    const prod = resolveEnvironmentConfig(reader({ ...PROD, webOrigin: 'https://ui.example.org' }));
    // Assess
    expect(dev.name).toBe('dev');
    expect(dev.region).toBe('eu-west-2');
    expect(dev.dataRemovalPolicy).toBe('retain-on-update-or-delete');
    expect(prod.dataRemovalPolicy).toBe('retain-on-update-or-delete');
    expect(prod.logRemovalPolicy).toBe('retain-on-update-or-delete');
    expect(prod.deletionProtection).toBe(true);
    expect(prod.threatProtection).toBe('ENFORCED');
    expect(prod.webOrigins).toEqual(['https://ui.example.org']);
  });
});

describe('Function: buildApp', () => {
  it('refuses to synthesize prod with AUTH_MODE=local', () => {
    expect(() => buildApp({ context: { ...PROD, authMode: 'local' } })).toThrow(/prod refuses AUTH_MODE=local/);
  });

  it('refuses to synthesize prod without cognitoDomainPrefix and alarmEmail', () => {
    expect(() => buildApp({ context: { env: 'prod' } })).toThrow(InfraConfigError);
  });
});
