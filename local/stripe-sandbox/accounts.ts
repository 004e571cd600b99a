// Connected accounts: create (controller properties or type=express), retrieve, and completing onboarding.
import { type Endpoint, type SandboxCore, ok, seconds } from './endpoint.js';
import { errors } from './errors.js';
import type { FormParams } from './form.js';
import { newId } from './ids.js';
import {
  ParamError,
  metadata,
  optionalBoolean,
  optionalHash,
  optionalString,
  rejectUnknown,
} from './params.js';
import type { AccountObject, CapabilityStatus } from './state.js';

const CREATE_PARAMS = [
  'account_token', 'business_profile', 'business_type', 'capabilities', 'company', 'controller', 'country',
  'default_currency', 'documents', 'email', 'expand', 'external_account', 'groups', 'individual', 'metadata',
  'settings', 'tos_acceptance', 'type',
] as const;
const ACCOUNT_TYPES = ['custom', 'express', 'standard'] as const;
const KNOWN_CAPABILITIES = ['transfers', 'card_payments'] as const;
type KnownCapability = (typeof KNOWN_CAPABILITIES)[number];

// What Stripe lists as due for a GB company until hosted onboarding collects it.
const ONBOARDING_DUE = [
  'business_profile.mcc', 'business_profile.url', 'business_type', 'external_account',
  'representative.first_name', 'representative.last_name', 'tos_acceptance.date', 'tos_acceptance.ip',
];

interface AccountInput {
  type: string;
  serviceAgreement: 'full' | 'recipient';
  controller: Record<string, unknown>;
  country: string;
  email: string | null;
  requested: KnownCapability[];
  metadata: Record<string, string>;
  businessType: string | null;
}

function readInput(params: FormParams, core: SandboxCore): AccountInput {
  rejectUnknown(params, CREATE_PARAMS);
  const type = optionalString(params, 'type');
  const controllerParam = optionalHash(params, 'controller');
  if (type !== undefined && controllerParam !== undefined) {
    throw new ParamError(
      errors.invalidParam('controller', 'You cannot specify both `type` and `controller`. Use one or the other.'),
    );
  }
  if (type !== undefined && !(ACCOUNT_TYPES as readonly string[]).includes(type)) {
    throw new ParamError(
      errors.invalidParam('type', `Invalid type: must be one of ${ACCOUNT_TYPES.join(', ')}`),
    );
  }
  const country = (optionalString(params, 'country') ?? 'GB').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw new ParamError(errors.invalidParam('country', `Invalid country: ${country}`));
  const capabilities = optionalHash(params, 'capabilities') ?? {};
  const requested: KnownCapability[] = [];
  for (const [name, settings] of Object.entries(capabilities)) {
    if (!(KNOWN_CAPABILITIES as readonly string[]).includes(name)) {
      throw new ParamError(errors.invalidParam(`capabilities[${name}]`, `Invalid capability: ${name}`));
    }
    const hash = typeof settings === 'object' && !Array.isArray(settings) ? settings : undefined;
    if (!hash) throw new ParamError(errors.invalidParam(`capabilities[${name}]`, 'Invalid object'));
    if (optionalBoolean(hash, 'requested', `capabilities[${name}][requested]`)) requested.push(name as KnownCapability);
  }
  const resolved = controllerParam ? fromController(controllerParam) : fromType(type);
  const serviceAgreement = readServiceAgreement(params);
  checkCapabilityRules(requested, serviceAgreement, resolved.controller, core);
  return {
    type: resolved.type,
    serviceAgreement,
    controller: resolved.controller,
    country,
    email: optionalString(params, 'email') ?? null,
    requested,
    metadata: metadata(params),
    businessType: optionalString(params, 'business_type') ?? null,
  };
}

function readServiceAgreement(params: FormParams): 'full' | 'recipient' {
  const tos = optionalHash(params, 'tos_acceptance');
  const agreement = tos ? optionalString(tos, 'service_agreement') : undefined;
  if (agreement !== undefined && agreement !== 'full' && agreement !== 'recipient') {
    throw new ParamError(errors.invalidParam('tos_acceptance[service_agreement]', `Invalid service_agreement: ${agreement}`));
  }
  return agreement ?? 'full';
}

/**
 * Stripe's rules for what an account may request: under the full agreement, `transfers` without
 * `card_payments` only for a platform Stripe has approved; under the recipient agreement never
 * `card_payments`, and only where the platform owns losses and the account has no full Dashboard.
 */
function checkCapabilityRules(requested: KnownCapability[], agreement: 'full' | 'recipient', controller: Record<string, unknown>, core: SandboxCore): void {
  if (agreement === 'recipient') {
    if (requested.includes('card_payments')) throw new ParamError(errors.recipientCardPayments());
    const losses = (controller.losses as { payments?: string } | undefined)?.payments;
    const dashboard = (controller.stripe_dashboard as { type?: string } | undefined)?.type;
    if (losses !== 'application' || dashboard === 'full') throw new ParamError(errors.recipientNeedsPlatformLosses());
    return;
  }
  if (requested.includes('transfers') && !requested.includes('card_payments') && !core.approvals.transfersWithoutCardPayments) {
    throw new ParamError(errors.transfersWithoutCardPayments());
  }
}

/** `type: 'express'` and its controller-property equivalent describe the same account. */
function fromType(type: string | undefined): { type: string; controller: Record<string, unknown> } {
  if (type === 'express') return { type, controller: expressController() };
  if (type === 'custom') {
    return {
      type,
      controller: {
        fees: { payer: 'application' }, is_controller: true, losses: { payments: 'application' },
        requirement_collection: 'application', stripe_dashboard: { type: 'none' }, type: 'application',
      },
    };
  }
  return { type: 'standard', controller: { is_controller: false, type: 'account' } };
}

function expressController(): Record<string, unknown> {
  return {
    fees: { payer: 'application' }, is_controller: true, losses: { payments: 'application' },
    requirement_collection: 'stripe', stripe_dashboard: { type: 'express' }, type: 'application',
  };
}

function fromController(param: FormParams): { type: string; controller: Record<string, unknown> } {
  const pick = (hash: string, key: string, allowed: string[], fallback: string): string => {
    const inner = optionalHash(param, hash, `controller[${hash}]`);
    const value = inner ? optionalString(inner, key) : undefined;
    if (value !== undefined && !allowed.includes(value)) {
      throw new ParamError(errors.invalidParam(`controller[${hash}][${key}]`, `Invalid ${hash}.${key}: ${value}`));
    }
    return value ?? fallback;
  };
  const dashboard = pick('stripe_dashboard', 'type', ['express', 'full', 'none'], 'full');
  const feesPayer = pick('fees', 'payer', ['account', 'application'], 'account');
  const losses = pick('losses', 'payments', ['application', 'stripe'], 'stripe');
  const collection = optionalString(param, 'requirement_collection') ?? 'stripe';
  const controller = {
    fees: { payer: feesPayer }, is_controller: true, losses: { payments: losses },
    requirement_collection: collection, stripe_dashboard: { type: dashboard }, type: 'application',
  };
  const type =
    dashboard === 'express' ? 'express' : dashboard === 'full' ? 'standard' : collection === 'application' ? 'custom' : 'none';
  return { type, controller };
}

export const createAccount: Endpoint = {
  method: 'POST',
  pattern: /^\/v1\/accounts$/,
  validate: (request, core) => void readInput(request.params, core),
  execute(request, core) {
    const input = readInput(request.params, core);
    const id = newId.account();
    const capabilities: AccountObject['capabilities'] = {};
    for (const name of input.requested) capabilities[name] = 'inactive';
    const account: AccountObject = {
      id,
      object: 'account',
      business_type: input.businessType,
      capabilities,
      charges_enabled: false,
      controller: input.controller,
      country: input.country,
      created: seconds(core.now()),
      default_currency: input.country === 'GB' ? 'gbp' : 'usd',
      details_submitted: false,
      email: input.email,
      external_accounts: { object: 'list', data: [], has_more: false, url: `/v1/accounts/${id}/external_accounts` },
      metadata: input.metadata,
      payouts_enabled: false,
      requirements: {
        alternatives: [],
        currently_due: [...ONBOARDING_DUE], eventually_due: [...ONBOARDING_DUE], past_due: [...ONBOARDING_DUE],
        pending_verification: [], disabled_reason: 'requirements.past_due', current_deadline: null, errors: [],
      },
      tos_acceptance: { date: null, service_agreement: input.serviceAgreement },
      type: input.type,
    };
    core.store.accounts.set(id, account);
    return ok(account);
  },
};

export const retrieveAccount: Endpoint = {
  method: 'GET',
  pattern: /^\/v1\/accounts\/([^/]+)$/,
  execute(request, core) {
    const id = request.match[0] ?? '';
    const account = core.store.accounts.get(id);
    // Stripe answers 403 account_invalid, not 404, for an account that is not connected to the platform.
    return account ? ok(account) : errors.accountInvalid(request.apiKey, id);
  },
};

/**
 * What finishing Stripe's hosted onboarding does in test mode: details submitted, payments and
 * payouts enabled, requested capabilities active, then an `account.updated` event.
 * Returns false (and sends nothing) when the account was already fully onboarded.
 */
export function completeOnboarding(core: SandboxCore, accountId: string): boolean {
  const account = core.store.accounts.get(accountId);
  if (!account) throw new Error(`No such account: ${accountId}`);
  const capabilities: AccountObject['capabilities'] = {};
  for (const name of Object.keys(account.capabilities) as KnownCapability[]) capabilities[name] = 'active';
  const capabilitiesChanged = Object.entries(account.capabilities).some(([, status]) => status !== 'active');
  if (account.details_submitted && account.payouts_enabled && !capabilitiesChanged) {
    return false;
  }
  const previous = {
    capabilities: { ...account.capabilities },
    tos_acceptance: { ...account.tos_acceptance },
    charges_enabled: account.charges_enabled,
    details_submitted: account.details_submitted,
    payouts_enabled: account.payouts_enabled,
    requirements: { ...account.requirements },
  };
  account.capabilities = capabilities;
  // Charges need card_payments: a recipient (transfers-only) account never takes them.
  account.charges_enabled = capabilities.card_payments === 'active';
  account.details_submitted = true;
  account.payouts_enabled = true;
  account.tos_acceptance = { ...account.tos_acceptance, date: seconds(core.now()) };
  account.requirements = {
    alternatives: [],
    currently_due: [], eventually_due: [], past_due: [], pending_verification: [],
    disabled_reason: null, current_deadline: null, errors: [],
  };
  core.emit('account.updated', account, { account: account.id, previousAttributes: previous });
  return true;
}

export function capabilityStatus(account: AccountObject, name: KnownCapability): CapabilityStatus {
  return account.capabilities[name] ?? 'unrequested';
}
