// Per-environment settings for the stack, chosen with `-c env=dev|prod`, validated before anything is built.
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export const ENVIRONMENT_NAMES = ['dev', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface EnvironmentConfig {
  readonly name: EnvironmentName;
  /** Where the stack goes; London by default so UK health data stays in the UK. */
  readonly region: string;
  /** CloudWatch retention for function and access logs. */
  readonly logRetention: RetentionDays;
  /** What happens to log groups when the stack is deleted. */
  readonly logRemovalPolicy: RemovalPolicy;
  /**
   * The table, the keys, the user pool and the Stripe secret: kept on update or delete, but removed
   * when the stack's first create fails and rolls back (nothing was in them yet), so a retry starts clean.
   */
  readonly dataRemovalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  readonly logLevel: LogLevel;
  /** Default stage throttling, requests per second. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Cognito threat protection: AUDIT only records risk, ENFORCED blocks risky sign-ins. */
  readonly threatProtection: 'AUDIT' | 'ENFORCED';
  /** Origins Cognito may send people back to after sign-in and sign-out (OAuth callbacks); the API's own URL is always one. */
  readonly webOrigins: readonly string[];
  /**
   * Cognito hosted UI prefix: `<prefix>.auth.<region>.amazoncognito.com`, unique across all AWS
   * accounts in the region. Required in prod; dev derives one from the account and region.
   */
  readonly cognitoDomainPrefix: string | undefined;
  /** Where alarms are e-mailed. Required in prod. */
  readonly alarmEmail: string | undefined;
  /** Cognito's invitations and password resets through SES, from a verified identity; Cognito's own sender if absent. */
  readonly email: SesEmail | undefined;
  /** 360Giving identifier prefix for exported grants. */
  readonly grantIdPrefix: string;
  /** The notifier's Notify template ids and reply-to id (`-c notify='{"NOTIFY_TEMPLATE_…":"<uuid>"}'`); none by default. */
  readonly notifyEnvironment: Readonly<Record<string, string>>;
}

/**
 * The variables `-c notify` may set on the notifier: one template id per kind, and the reply-to id.
 * Mirrors templateIdVariable over NOTIFICATION_KINDS in shared/notify/templates.ts (infra may not
 * import runtime code); test/infra/config.test.ts keeps the two in step.
 */
export const NOTIFY_VARIABLES = [
  'NOTIFY_TEMPLATE_REFERRAL_RECEIVED',
  'NOTIFY_TEMPLATE_REFERRAL_REMINDER',
  'NOTIFY_TEMPLATE_REFERRAL_ACCEPTED',
  'NOTIFY_TEMPLATE_REFERRAL_DECLINED',
  'NOTIFY_TEMPLATE_REFERRAL_EXPIRED',
  'NOTIFY_TEMPLATE_PAYOUT_RUN_AWAITING_APPROVAL',
  'NOTIFY_TEMPLATE_REMITTANCE_ADVICE',
  'NOTIFY_TEMPLATE_PAYOUT_LINE_PROBLEM',
  'NOTIFY_REPLY_TO_ID',
] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface SesEmail {
  /** The From address, e.g. `no-reply@mva.org.uk`. */
  readonly from: string;
  /** The SES identity verified in the stack's account and region: the address itself, or its domain. */
  readonly identity: string;
}

const DEFAULT_REGION = 'eu-west-2';
const EMAIL = /^[^@\s]+@([^@\s]+\.[^@\s]+)$/;

/**
 * The dev hosted UI prefix, from the account and region (either may be a deploy-time token), so two
 * developers in their own accounts never ask Cognito for the same global name.
 */
export const devDomainPrefix = (account: string, region: string): string => `pay-on-prescription-dev-${account}-${region}`;

const DEFAULTS: Record<EnvironmentName, Omit<EnvironmentConfig, 'alarmEmail' | 'region' | 'cognitoDomainPrefix' | 'email' | 'notifyEnvironment'>> = {
  dev: {
    name: 'dev',
    logRetention: RetentionDays.ONE_MONTH,
    logRemovalPolicy: RemovalPolicy.DESTROY,
    dataRemovalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    deletionProtection: true,
    logLevel: 'DEBUG',
    throttle: { rateLimit: 20, burstLimit: 40 },
    threatProtection: 'AUDIT',
    webOrigins: ['http://localhost:3000'],
    grantIdPrefix: '360G-EXAMPLE',
  },
  prod: {
    name: 'prod',
    logRetention: RetentionDays.ONE_YEAR,
    // Kept when the stack is deleted, but not after a failed first create (nothing worth keeping yet).
    logRemovalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    dataRemovalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    deletionProtection: true,
    logLevel: 'INFO',
    throttle: { rateLimit: 100, burstLimit: 200 },
    threatProtection: 'ENFORCED',
    webOrigins: [],
    grantIdPrefix: '360G-EXAMPLE',
  },
};

export class InfraConfigError extends Error {
  override readonly name = 'InfraConfigError';
}

/** Reads a context value the way `cdk -c key=value` and cdk.json both deliver it. */
export type ContextReader = (key: string) => unknown;

const text = (read: ContextReader, key: string): string | undefined => {
  const value = read(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new InfraConfigError(`Context "${key}" must be a string`);
  return value.trim();
};

/** `-c notify=<JSON object>`: Notify ids are UUIDs, and only the variables above are accepted. */
const notifyEnvironment = (read: ContextReader): Record<string, string> => {
  const raw = text(read, 'notify');
  if (raw === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new InfraConfigError('Context "notify" must be a JSON object such as {"NOTIFY_TEMPLATE_REMITTANCE_ADVICE":"<template id>"}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InfraConfigError('Context "notify" must be a JSON object of Notify ids');
  }
  for (const [name, value] of Object.entries(parsed)) {
    if (!(NOTIFY_VARIABLES as readonly string[]).includes(name)) {
      throw new InfraConfigError(`Context "notify" may set ${NOTIFY_VARIABLES.join(', ')}; got "${name}"`);
    }
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw new InfraConfigError(`Context "notify": ${name} must be a Notify id (a lower-case UUID); got ${JSON.stringify(value)}`);
    }
  }
  return parsed as Record<string, string>;
};

const isEnvironmentName = (value: string): value is EnvironmentName =>
  (ENVIRONMENT_NAMES as readonly string[]).includes(value);

/** `-c sesFromEmail=` and, when the verified identity is the domain rather than the address, `-c sesIdentity=`. */
const sesEmail = (read: ContextReader): SesEmail | undefined => {
  const from = text(read, 'sesFromEmail');
  const identity = text(read, 'sesIdentity');
  if (from === undefined) {
    if (identity !== undefined) throw new InfraConfigError('Context "sesIdentity" needs "sesFromEmail" too: the address Cognito sends from');
    return undefined;
  }
  const domain = EMAIL.exec(from)?.[1];
  if (domain === undefined) throw new InfraConfigError(`Context "sesFromEmail" is not an e-mail address: "${from}"`);
  if (identity !== undefined && identity !== from && identity !== domain) {
    throw new InfraConfigError(`Context "sesIdentity" must be "${from}" or its domain "${domain}"; got "${identity}"`);
  }
  return { from, identity: identity ?? from };
};

/**
 * The configuration for `-c env=...` with any overrides from context. Throws on anything that would
 * deploy an unsafe or broken stack; `authMode=local` is the obvious one: it issues its own tokens,
 * and the functions refuse to start with it inside Lambda, so no AWS environment may ask for it.
 */
export const resolveEnvironmentConfig = (read: ContextReader): EnvironmentConfig => {
  const name = text(read, 'env') ?? 'dev';
  if (!isEnvironmentName(name)) {
    throw new InfraConfigError(`Context "env" must be one of ${ENVIRONMENT_NAMES.join(', ')}; got "${name}"`);
  }
  const authMode = text(read, 'authMode') ?? 'cognito';
  if (authMode !== 'cognito') {
    const why = name === 'prod' ? 'prod refuses AUTH_MODE=local' : `${name} refuses AUTH_MODE=${authMode}`;
    throw new InfraConfigError(
      `${why}: in AWS the API trusts only Cognito tokens (AUTH_MODE=local is for \`npm start\`).`,
    );
  }
  const defaults = DEFAULTS[name];
  const alarmEmail = text(read, 'alarmEmail');
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail)) {
    throw new InfraConfigError(`Context "alarmEmail" is not an e-mail address: "${alarmEmail}"`);
  }
  if (text(read, 'authDomainPrefix') !== undefined) {
    throw new InfraConfigError('Context "authDomainPrefix" is now "cognitoDomainPrefix": pass -c cognitoDomainPrefix=<prefix>');
  }
  const cognitoDomainPrefix = text(read, 'cognitoDomainPrefix');
  if (name === 'prod') {
    const missing = [
      ...(cognitoDomainPrefix === undefined ? ['cognitoDomainPrefix (the hosted sign-in prefix, unique in the region, e.g. mva-pay-on-prescription)'] : []),
      ...(alarmEmail === undefined ? ['alarmEmail (who is told when something fails, e.g. ops@example.org)'] : []),
    ];
    if (missing.length > 0) {
      throw new InfraConfigError(`prod needs ${missing.map((m) => `-c ${m}`).join(' and ')}; nothing was synthesized.`);
    }
  }
  if (
    cognitoDomainPrefix !== undefined &&
    (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(cognitoDomainPrefix) || /aws|amazon|cognito/.test(cognitoDomainPrefix))
  ) {
    throw new InfraConfigError(
      `Context "cognitoDomainPrefix" must be lower-case letters, digits and hyphens, without aws/amazon/cognito; got "${cognitoDomainPrefix}"`,
    );
  }
  const email = sesEmail(read);
  const webOrigin = text(read, 'webOrigin');
  const webOrigins = webOrigin === undefined ? defaults.webOrigins : webOrigin.split(',').map((o) => o.trim());
  for (const origin of webOrigins) {
    const secure = origin.startsWith('https://') || (name === 'dev' && origin.startsWith('http://localhost'));
    if (!secure || origin.endsWith('/')) {
      throw new InfraConfigError(`Context "webOrigin" must be https origins without a trailing slash; got "${origin}"`);
    }
  }
  const logLevel = text(read, 'logLevel') ?? defaults.logLevel;
  if (!['DEBUG', 'INFO', 'WARN', 'ERROR'].includes(logLevel)) {
    throw new InfraConfigError(`Context "logLevel" must be DEBUG, INFO, WARN or ERROR; got "${logLevel}"`);
  }
  const region = text(read, 'region') ?? DEFAULT_REGION;
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new InfraConfigError(`Context "region" must be an AWS region such as eu-west-2; got "${region}"`);
  }
  return {
    ...defaults,
    region,
    alarmEmail,
    webOrigins,
    cognitoDomainPrefix,
    email,
    logLevel: logLevel as LogLevel,
    grantIdPrefix: text(read, 'grantIdPrefix') ?? defaults.grantIdPrefix,
    notifyEnvironment: notifyEnvironment(read),
  };
};
