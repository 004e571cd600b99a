// The only code that imports notifications-node-client: sending an email, and reading delivery back.
import axios, { isAxiosError } from 'axios';
import { NotifyClient } from 'notifications-node-client';

export interface EmailRequest {
  readonly templateId: string;
  readonly emailAddress: string;
  readonly personalisation: Readonly<Record<string, string | readonly string[]>>;
  /** Ours, unique per message (no personal data, as Notify asks): how a retry finds what was sent. */
  readonly reference: string;
  readonly emailReplyToId?: string | undefined;
}

export interface NotificationStatus {
  readonly id: string;
  readonly reference: string | null;
  /** Notify's email statuses: created, sending, delivered, permanent-failure, temporary-failure, technical-failure. */
  readonly status: string;
  readonly completedAt: string | null;
}

export interface NotifyGateway {
  sendEmail(request: EmailRequest): Promise<{ id: string }>;
  /** The notification sent with this reference, if Notify has one (it keeps them for 7 days). */
  findByReference(reference: string): Promise<NotificationStatus | undefined>;
  getStatus(id: string): Promise<NotificationStatus>;
}

/** What Notify answered, or that it did not answer; `retryable` says whether asking again can help. */
export class NotifyError extends Error {
  override readonly name = 'NotifyError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly errors: readonly { error: string; message: string }[],
    readonly retryable: boolean,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

export interface NotifyGatewayConfig {
  readonly apiKey: string;
  /** The local stand-in; real Notify when absent. */
  readonly baseUrl?: string | undefined;
  /** Per request: a Notify that never answers fails this fast, and the message is retried later. */
  readonly timeoutMs?: number;
}

/**
 * 400s (a bad address, a template whose fields do not match) cannot succeed by asking again. Auth
 * errors (403) are retried: they are a configuration fault that an operator fixes, after which the
 * dead-letter queue is redriven. Rate limits (429), Notify's 500s and no answer at all are retried.
 */
export const translateNotifyError = (error: unknown): NotifyError => {
  if (error instanceof NotifyError) return error;
  // Never the axios error itself as the cause: it carries the request (address, bearer token) into logs.
  const cause = new Error(isAxiosError(error) ? `${error.code ?? 'ERR'}: ${error.message}` : String(error));
  if (isAxiosError(error) && error.response) {
    const status = error.response.status;
    const data = error.response.data as { errors?: { error: string; message: string }[] } | undefined;
    const errors = Array.isArray(data?.errors) ? data.errors : [];
    const text = errors.map((e) => `${e.error}: ${e.message}`).join('; ') || `HTTP ${status}`;
    return new NotifyError(`GOV.UK Notify refused the request (${text})`, status, errors, status !== 400 && status !== 404, { cause });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new NotifyError(`GOV.UK Notify did not answer (${reason})`, null, [], true, { cause });
};

type NotificationBody = { id: string; reference?: string | null; status: string; completed_at?: string | null };
const asStatus = (n: NotificationBody): NotificationStatus => ({
  id: n.id,
  reference: n.reference ?? null,
  status: n.status,
  completedAt: n.completed_at ?? null,
});

export const createNotifyGateway = (config: NotifyGatewayConfig): NotifyGateway => {
  const client = config.baseUrl ? new NotifyClient(config.baseUrl, config.apiKey) : new NotifyClient(config.apiKey);
  // The client's own HTTP library, with a timeout: by default axios would wait for ever.
  client.setClient(axios.create({ timeout: config.timeoutMs ?? 10_000 }));
  const call = async <T>(work: () => Promise<{ data: T }>): Promise<T> => {
    try {
      return (await work()).data;
    } catch (error) {
      throw translateNotifyError(error);
    }
  };
  return {
    async sendEmail(request) {
      const sent = await call(() =>
        client.sendEmail(request.templateId, request.emailAddress, {
          personalisation: request.personalisation,
          reference: request.reference,
          ...(request.emailReplyToId ? { emailReplyToId: request.emailReplyToId } : {}),
        }),
      );
      return { id: sent.id };
    },
    async findByReference(reference) {
      const found = await call(() => client.getNotifications('email', undefined, reference));
      const match = (found.notifications as NotificationBody[]).find((n) => n.reference === reference);
      return match ? asStatus(match) : undefined;
    },
    async getStatus(id) {
      return asStatus((await call(() => client.getNotificationById(id))) as NotificationBody);
    },
  };
};
