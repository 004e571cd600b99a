// The /_sandbox/... test hooks over HTTP, so another process (npm start, e2e tests) can steer the sandbox.
//
//   GET  /_sandbox                      summary: balance, counts, webhook URL, rate limit
//   GET  /_sandbox/balance              { amountPence }
//   POST /_sandbox/balance              { amountPence }           set the platform balance
//   POST /_sandbox/fail-next            { kind, path?, method?, count?, afterCommit?, saved?, holdMs? }
//   DELETE /_sandbox/fail-next          forget pending failures
//   GET  /_sandbox/transfers            every transfer, oldest first
//   GET  /_sandbox/accounts             every connected account
//   GET  /_sandbox/events               every event, oldest first
//   GET  /_sandbox/webhook-deliveries   every delivery attempt
//   POST /_sandbox/webhook-url          { url }                   (null or "" to stop sending)
//   POST /_sandbox/rate-limit           { perSecond }             (0 disables)
//   POST /_sandbox/latency              { ms }                    added to every API call
//   POST /_sandbox/accounts/:id/onboard                          as if the link had been opened
//   POST /_sandbox/accounts/:id/payout                           Stripe's automatic payout of what is available
//   POST /_sandbox/reset                                         back to the initial state
// Bodies are JSON (or form-encoded). Loopback only: there is no authentication here.
import type { ServerResponse } from 'node:http';
import { FAILURE_KINDS, type FailNextOptions, type FailureKind } from './faults.js';
import { decodeForm } from './form.js';
import { sendJson } from './http.js';
import type { StripeSandbox } from './sandbox.js';

type Body = Record<string, unknown>;

export function handleControl(
  sandbox: StripeSandbox,
  method: string,
  path: string,
  rawBody: string,
  contentType: string,
  res: ServerResponse,
): void {
  let body: Body;
  try {
    body = parseBody(rawBody, contentType);
  } catch {
    return sendJson(res, 400, { error: 'body must be JSON or form-encoded' });
  }
  const reply = (value: unknown, status = 200) => sendJson(res, status, value);
  const bad = (message: string) => sendJson(res, 400, { error: message });
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  const onboard = /^POST \/_sandbox\/accounts\/([^/]+)\/onboard$/.exec(route);
  const payout = /^POST \/_sandbox\/accounts\/([^/]+)\/payout$/.exec(route);
  try {
    if (onboard) return reply({ changed: sandbox.completeOnboarding(decodeURIComponent(onboard[1] ?? '')) });
    if (payout) return reply({ payout: sandbox.payOut(decodeURIComponent(payout[1] ?? '')) ?? null });
    switch (route) {
      case 'GET /_sandbox':
        return reply(sandbox.summary());
      case 'GET /_sandbox/balance':
        return reply({ amountPence: sandbox.balance() });
      case 'POST /_sandbox/balance': {
        const amount = integer(body.amountPence);
        if (amount === undefined || amount < 0) return bad('amountPence must be a non-negative integer');
        sandbox.setBalance(amount);
        return reply({ amountPence: sandbox.balance() });
      }
      case 'POST /_sandbox/fail-next': {
        const kind = body.kind;
        if (typeof kind !== 'string' || !(FAILURE_KINDS as readonly string[]).includes(kind)) {
          return bad(`kind must be one of ${FAILURE_KINDS.join(', ')}`);
        }
        sandbox.failNext(kind as FailureKind, failOptions(body));
        return reply({ ok: true });
      }
      case 'DELETE /_sandbox/fail-next':
        sandbox.clearFailures();
        return reply({ ok: true });
      case 'GET /_sandbox/transfers':
        return reply({ data: sandbox.transfers() });
      case 'GET /_sandbox/accounts':
        return reply({ data: sandbox.accounts() });
      case 'GET /_sandbox/events':
        return reply({ data: sandbox.events() });
      case 'GET /_sandbox/webhook-deliveries':
        return reply({ data: sandbox.webhookDeliveries() });
      case 'POST /_sandbox/webhook-url': {
        const url = body.url;
        if (url !== null && url !== undefined && typeof url !== 'string') return bad('url must be a string or null');
        sandbox.setWebhookUrl(url ? url : undefined);
        return reply({ url: url || null });
      }
      case 'POST /_sandbox/rate-limit': {
        const perSecond = integer(body.perSecond);
        if (perSecond === undefined || perSecond < 0) return bad('perSecond must be a non-negative integer');
        sandbox.setRateLimit(perSecond);
        return reply({ perSecond });
      }
      case 'POST /_sandbox/latency': {
        const ms = integer(body.ms);
        if (ms === undefined || ms < 0) return bad('ms must be a non-negative integer');
        sandbox.setLatency(ms);
        return reply({ ms });
      }
      case 'POST /_sandbox/reset':
        sandbox.reset();
        return reply({ ok: true });
      default:
        return sendJson(res, 404, { error: `no sandbox control at ${method} ${path}` });
    }
  } catch (error) {
    return bad(error instanceof Error ? error.message : String(error));
  }
}

function failOptions(body: Body): FailNextOptions {
  const options: FailNextOptions = {};
  if (typeof body.path === 'string') options.path = body.path;
  if (typeof body.method === 'string') options.method = body.method;
  const count = integer(body.count);
  if (count !== undefined) options.count = count;
  const holdMs = integer(body.holdMs);
  if (holdMs !== undefined) options.holdMs = holdMs;
  if (body.afterCommit === true || body.afterCommit === 'true') options.afterCommit = true;
  if (body.saved === true || body.saved === 'true') options.saved = true;
  return options;
}

function parseBody(raw: string, contentType: string): Body {
  if (raw.trim() === '') return {};
  if (contentType.includes('json')) {
    const parsed: unknown = JSON.parse(raw);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Body;
  }
  return decodeForm(raw);
}

function integer(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}
