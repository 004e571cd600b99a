// What the stand-in remembers: every notification it accepted, its delivery status, and the outbox.
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

export interface StoredNotification {
  readonly id: string;
  readonly serviceId: string;
  readonly keyType: 'live' | 'team' | 'test';
  readonly reference: string | null;
  readonly emailAddress: string;
  readonly templateId: string;
  readonly templateName: string;
  readonly templateVersion: number;
  readonly subject: string;
  readonly body: string;
  readonly personalisation: Record<string, unknown>;
  readonly emailReplyToId: string | null;
  readonly createdAt: string;
}

/** Notify's simulated addresses, so tests can see each delivery outcome. */
const SIMULATED: Record<string, string> = {
  'simulate-delivered@notifications.service.gov.uk': 'delivered',
  'temp-fail@simulator.notify': 'temporary-failure',
  'perm-fail@simulator.notify': 'permanent-failure',
};

export const EMAIL_STATUSES = ['created', 'sending', 'delivered', 'permanent-failure', 'temporary-failure', 'technical-failure'] as const;

export class SandboxState {
  private notifications: StoredNotification[] = [];

  constructor(
    private readonly options: { dataFile?: string | undefined; now: () => number; deliverAfterMs: number },
  ) {
    if (options.dataFile) {
      try {
        this.notifications = JSON.parse(readFileSync(options.dataFile, 'utf8')) as StoredNotification[];
      } catch {
        // First start: nothing kept yet.
      }
    }
  }

  add(input: Omit<StoredNotification, 'id' | 'createdAt'>): StoredNotification {
    const stored = { ...input, id: randomUUID(), createdAt: new Date(this.options.now()).toISOString() };
    this.notifications.push(stored);
    this.save();
    return stored;
  }

  /** Sending until `deliverAfterMs` has passed, then the outcome its address simulates (delivered by default). */
  statusOf(n: StoredNotification): { status: string; sentAt: string | null; completedAt: string | null } {
    if (n.keyType === 'test') return { status: 'delivered', sentAt: n.createdAt, completedAt: n.createdAt };
    const done = Date.parse(n.createdAt) + this.options.deliverAfterMs;
    if (this.options.now() < done) return { status: 'sending', sentAt: n.createdAt, completedAt: null };
    return { status: SIMULATED[n.emailAddress] ?? 'delivered', sentAt: n.createdAt, completedAt: new Date(done).toISOString() };
  }

  find(serviceId: string, id: string): StoredNotification | undefined {
    return this.notifications.find((n) => n.serviceId === serviceId && n.id === id);
  }

  /** Newest first, as Notify lists them. */
  list(serviceId: string): StoredNotification[] {
    return this.notifications.filter((n) => n.serviceId === serviceId).reverse();
  }

  sentSince(serviceId: string, since: number): number {
    return this.notifications.filter((n) => n.serviceId === serviceId && n.keyType !== 'test' && Date.parse(n.createdAt) >= since).length;
  }

  /** Everything received, oldest first: the local outbox. */
  all(): readonly StoredNotification[] {
    return this.notifications;
  }

  clear(): void {
    this.notifications = [];
    this.save();
  }

  private save(): void {
    if (this.options.dataFile) writeFileSync(this.options.dataFile, JSON.stringify(this.notifications));
  }
}
