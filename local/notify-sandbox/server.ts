// The stand-in's HTTP API: Notify's v2 email and status endpoints, and its local-only controls.
import { Hono, type Context } from 'hono';
import { authenticate, type SandboxKey } from './auth.js';
import { badRequest, dailyLimitReached, internalError, noResult, NotifyProblem, rateLimited, validationError } from './errors.js';
import type { Faults } from './faults.js';
import { render, type SandboxTemplate } from './render.js';
import { EMAIL_STATUSES, type SandboxState, type StoredNotification } from './state.js';

export interface ServerOptions {
  readonly keys: readonly SandboxKey[];
  readonly templates: ReadonlyMap<string, SandboxTemplate>;
  readonly replyToIds: readonly string[];
  readonly state: SandboxState;
  readonly faults: Faults;
  readonly rateLimitPerMinute: number;
  readonly dailyLimit: number;
  readonly now: () => number;
  readonly baseUrl: () => string;
  /** Holds a request open until the stand-in closes (the `hang` fault). */
  readonly hold: () => Promise<void>;
  /** Drops the connection without an answer (the `lose_answer` fault). */
  readonly drop: (c: Context) => Response;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Notify's own check is stricter than RFC 5322: one @, no spaces, a dotted domain.
const EMAIL = /^[^\s@"(),:;<>[\\\]]+@([^\s@."(),:;<>[\\\]]+\.)+[a-z]{2,}$/i;
const MAX_PAGE = 250;

export const createSandboxServer = (options: ServerOptions) => {
  const app = new Hono();
  const sendTimes = new Map<string, number[]>();

  app.onError((error, c) => {
    const problem = error instanceof NotifyProblem ? error : internalError();
    return c.json(problem.toBody(), problem.status as 400);
  });

  const caller = (c: Context) => authenticate(c.req.header('authorization'), options.keys, Math.floor(Date.now() / 1000));

  const present = (n: StoredNotification) => ({
    id: n.id,
    reference: n.reference,
    email_address: n.emailAddress,
    phone_number: null,
    line_1: null, line_2: null, line_3: null, line_4: null, line_5: null, line_6: null, postcode: null, postage: null,
    type: 'email',
    ...(({ status, sentAt, completedAt }) => ({ status, sent_at: sentAt, completed_at: completedAt }))(options.state.statusOf(n)),
    template: { id: n.templateId, version: n.templateVersion, uri: `${options.baseUrl()}/v2/template/${n.templateId}/version/${n.templateVersion}` },
    body: n.body,
    subject: n.subject,
    created_at: n.createdAt,
    created_by_name: null,
    scheduled_for: null,
    is_cost_data_ready: true,
    cost_in_pounds: 0,
    cost_details: {},
  });

  /** Notify limits each key type to so many messages a minute, and each service to so many a day. */
  const checkLimits = (key: SandboxKey) => {
    const now = options.now();
    const recent = (sendTimes.get(key.apiKey) ?? []).filter((t) => t > now - 60_000);
    if (options.rateLimitPerMinute > 0 && recent.length >= options.rateLimitPerMinute) {
      throw rateLimited(key.type.toUpperCase(), options.rateLimitPerMinute, 60);
    }
    const midnight = new Date(now).setUTCHours(0, 0, 0, 0);
    if (options.state.sentSince(key.serviceId, midnight) >= options.dailyLimit) throw dailyLimitReached(options.dailyLimit);
    sendTimes.set(key.apiKey, [...recent, now]);
  };

  app.post('/v2/notifications/email', async (c) => {
    const key = await caller(c);
    const fault = options.faults.take('POST');
    if (fault === 'hang') {
      await options.hold();
      throw internalError();
    }
    if (fault === 'server_error') throw internalError();
    checkLimits(key);
    const body = (await c.req.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object') throw validationError('Invalid JSON supplied in POST data');
    if (body.template_id === undefined) throw validationError('template_id is a required property');
    if (typeof body.template_id !== 'string' || !UUID.test(body.template_id)) throw validationError('template_id is not a valid UUID');
    if (body.email_address === undefined) throw validationError('email_address is a required property');
    if (typeof body.email_address !== 'string' || !EMAIL.test(body.email_address)) throw validationError('email_address Not a valid email address');
    const personalisation = body.personalisation ?? {};
    if (typeof personalisation !== 'object' || personalisation === null || Array.isArray(personalisation)) {
      throw validationError(`personalisation ${JSON.stringify(personalisation)} is not of type object`);
    }
    if (body.reference !== undefined && typeof body.reference !== 'string') throw validationError('reference is not of type string');
    const replyTo = body.email_reply_to_id;
    if (replyTo !== undefined && (typeof replyTo !== 'string' || !options.replyToIds.includes(replyTo))) {
      throw badRequest(`email_reply_to_id ${String(replyTo)} does not exist in database for service id ${key.serviceId}`);
    }
    const template = options.templates.get(body.template_id);
    if (!template) throw badRequest('Template not found');
    const content = render(template, personalisation as Record<string, unknown>);
    const stored = options.state.add({
      serviceId: key.serviceId,
      keyType: key.type,
      reference: (body.reference as string | undefined) ?? null,
      emailAddress: body.email_address.toLowerCase(),
      templateId: template.id,
      templateName: template.name,
      templateVersion: template.version,
      subject: content.subject,
      body: content.body,
      personalisation: personalisation as Record<string, unknown>,
      emailReplyToId: (replyTo as string | undefined) ?? null,
    });
    if (fault === 'lose_answer') return options.drop(c);
    return c.json(
      {
        id: stored.id,
        reference: stored.reference,
        content: { subject: stored.subject, body: stored.body, from_email: 'pay.on.prescription@notifications.service.gov.uk', one_click_unsubscribe_url: null },
        uri: `${options.baseUrl()}/v2/notifications/${stored.id}`,
        template: { id: template.id, version: template.version, uri: `${options.baseUrl()}/v2/template/${template.id}` },
        scheduled_for: null,
        sanitised_content: {},
      },
      201,
    );
  });

  app.get('/v2/notifications/:id', async (c) => {
    const key = await caller(c);
    if (options.faults.take('GET') === 'server_error') throw internalError();
    const id = c.req.param('id');
    if (!UUID.test(id)) throw validationError('notification_id is not a valid UUID');
    const found = options.state.find(key.serviceId, id);
    if (!found) throw noResult();
    return c.json(present(found), 200);
  });

  app.get('/v2/notifications', async (c) => {
    const key = await caller(c);
    if (options.faults.take('GET') === 'server_error') throw internalError();
    const { template_type: type, status, reference, older_than: olderThan } = c.req.query();
    if (type !== undefined && !['email', 'sms', 'letter'].includes(type)) throw validationError(`template_type ${type} is not one of [sms, email, letter]`);
    if (status !== undefined && !(EMAIL_STATUSES as readonly string[]).includes(status)) {
      throw validationError(`status ${status} is not one of [${EMAIL_STATUSES.join(', ')}]`);
    }
    let list = options.state.list(key.serviceId);
    if (type && type !== 'email') list = [];
    if (reference !== undefined) list = list.filter((n) => n.reference === reference);
    if (status !== undefined) list = list.filter((n) => options.state.statusOf(n).status === status);
    if (olderThan !== undefined) {
      const index = list.findIndex((n) => n.id === olderThan);
      list = index === -1 ? [] : list.slice(index + 1);
    }
    const page = list.slice(0, MAX_PAGE);
    const current = `${options.baseUrl()}${c.req.path}${new URL(c.req.url).search}`;
    const last = page.at(-1);
    return c.json(
      { notifications: page.map(present), links: { current, ...(list.length > MAX_PAGE && last ? { next: `${options.baseUrl()}/v2/notifications?older_than=${last.id}` } : {}) } },
      200,
    );
  });

  // Local only: what a developer or a test needs to see, never part of Notify's API.
  app.get('/_sandbox/outbox', (c) => c.json({ messages: outboxOf(options.state, c.req.query('email')) }, 200));
  app.delete('/_sandbox/outbox', (c) => {
    options.state.clear();
    return c.body(null, 204);
  });
  return app;
};

export interface OutboxMessage {
  readonly id: string;
  readonly to: string;
  readonly reference: string | null;
  readonly templateId: string;
  readonly templateName: string;
  readonly subject: string;
  readonly body: string;
  readonly personalisation: Record<string, unknown>;
  readonly createdAt: string;
}

export const outboxOf = (state: SandboxState, email?: string): OutboxMessage[] =>
  state
    .all()
    .filter((n) => !email || n.emailAddress === email.toLowerCase())
    .map((n) => ({
      id: n.id,
      to: n.emailAddress,
      reference: n.reference,
      templateId: n.templateId,
      templateName: n.templateName,
      subject: n.subject,
      body: n.body,
      personalisation: n.personalisation,
      createdAt: n.createdAt,
    }));
