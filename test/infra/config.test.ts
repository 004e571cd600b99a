// Per-environment configuration: defaults, overrides, and the refusals that stop an unsafe deploy at synth.
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import { InfraConfigError, resolveEnvironmentConfig } from '../../infra/config.js';

const reader = (context: Record<string, string>) => (key: string) => context[key];

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
    expect(() => resolveEnvironmentConfig(reader({ env: 'prod', webOrigin: 'http://ui.example.org' }))).toThrow(/webOrigin/);
  });

  it('defaults to dev in London, retaining data in both environments', () => {
    // Act
    const dev = resolveEnvironmentConfig(reader({}));
    const prod = resolveEnvironmentConfig(reader({ env: 'prod', webOrigin: 'https://ui.example.org' }));
    // Assess
    expect(dev.name).toBe('dev');
    expect(dev.region).toBe('eu-west-2');
    expect(dev.dataRemovalPolicy).toBe('retain');
    expect(prod.dataRemovalPolicy).toBe('retain');
    expect(prod.deletionProtection).toBe(true);
    expect(prod.threatProtection).toBe('ENFORCED');
    expect(prod.webOrigins).toEqual(['https://ui.example.org']);
  });
});

describe('Function: buildApp', () => {
  it('refuses to synthesize prod with AUTH_MODE=local', () => {
    expect(() => buildApp({ context: { env: 'prod', authMode: 'local' } })).toThrow(/prod refuses AUTH_MODE=local/);
  });
});
