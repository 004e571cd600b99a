// Account Links: single-use onboarding URLs that point back at the sandbox, and what opening one does.
import { completeOnboarding } from './accounts.js';
import { type Endpoint, type SandboxCore, ok, seconds } from './endpoint.js';
import { errors } from './errors.js';
import type { FormParams } from './form.js';
import { newId } from './ids.js';
import { ParamError, httpUrl, optionalString, rejectUnknown, requiredString } from './params.js';

const LINK_PARAMS = ['account', 'collect', 'collection_options', 'expand', 'refresh_url', 'return_url', 'type'] as const;
const LINK_TYPES = ['account_onboarding', 'account_update'] as const;
/** Stripe's Account Links expire a few minutes after creation; the object shows 300 seconds. */
export const ACCOUNT_LINK_TTL_SECONDS = 300;

function readInput(params: FormParams) {
  rejectUnknown(params, LINK_PARAMS);
  const account = requiredString(params, 'account');
  const type = requiredString(params, 'type');
  if (!(LINK_TYPES as readonly string[]).includes(type)) {
    throw new ParamError(errors.invalidParam('type', `Invalid type: must be one of ${LINK_TYPES.join(', ')}`));
  }
  optionalString(params, 'collect');
  // Both URLs are optional on Stripe; without them the hosted page ends on Stripe's own screen.
  const refreshUrl = params.refresh_url === undefined ? null : httpUrl(params, 'refresh_url');
  const returnUrl = params.return_url === undefined ? null : httpUrl(params, 'return_url');
  return { account, type, refreshUrl, returnUrl };
}

export const createAccountLink: Endpoint = {
  method: 'POST',
  pattern: /^\/v1\/account_links$/,
  validate: (request) => void readInput(request.params),
  execute(request, core) {
    const input = readInput(request.params);
    if (!core.store.accounts.has(input.account)) return errors.noSuch(400, 'account', input.account, 'account');
    const token = newId.linkToken();
    const created = seconds(core.now());
    const expiresAt = created + ACCOUNT_LINK_TTL_SECONDS;
    core.store.accountLinks.set(token, {
      token,
      account: input.account,
      refreshUrl: input.refreshUrl,
      returnUrl: input.returnUrl,
      type: input.type,
      created,
      expiresAt,
      used: false,
    });
    return ok({ object: 'account_link', created, expires_at: expiresAt, url: `${core.publicBaseUrl}/connect/onboard/${token}` });
  },
};

export type OpenLinkOutcome =
  | { kind: 'completed'; location: string; accountId: string }
  | { kind: 'refresh'; location: string }
  | { kind: 'unknown' };

/**
 * Opening the link is the whole of "hosted onboarding" here. As on Stripe, a link works once:
 * an expired or already visited link sends the user to `refresh_url`, where the platform makes a new one.
 */
export function openAccountLink(core: SandboxCore, token: string): OpenLinkOutcome {
  const link = core.store.accountLinks.get(token);
  if (!link) return { kind: 'unknown' };
  // Without the platform's URLs, Stripe's hosted page simply ends on its own screen.
  const fallback = `${core.publicBaseUrl}/health`;
  if (link.used || seconds(core.now()) >= link.expiresAt) return { kind: 'refresh', location: link.refreshUrl ?? fallback };
  link.used = true;
  completeOnboarding(core, link.account);
  return { kind: 'completed', location: link.returnUrl ?? fallback, accountId: link.account };
}
