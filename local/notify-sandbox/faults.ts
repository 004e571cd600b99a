// Failure injection: the next request(s) hang for ever, answer 500, or are accepted and the answer lost.
//
//   - hang: nothing is stored and no answer comes; the client's timeout is what ends it.
//   - server_error: Notify's 500 ("Internal server error"); nothing is stored.
//   - lose_answer: the notification is accepted and stored, then the connection is dropped, as when
//     Notify accepted a message but the sender crashed or timed out before hearing back.

export const FAULT_KINDS = ['hang', 'server_error', 'lose_answer'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultOptions {
  /** How many matching requests fail; Infinity for an outage until cleared. Default 1. */
  readonly count?: number;
  /** Only requests with this method (default POST: sending). */
  readonly method?: string;
}

interface Pending {
  kind: FaultKind;
  count: number;
  method: string;
}

export class Faults {
  private pending: Pending[] = [];

  add(kind: FaultKind, options: FaultOptions = {}): void {
    this.pending.push({ kind, count: options.count ?? 1, method: (options.method ?? 'POST').toUpperCase() });
  }

  clear(): void {
    this.pending = [];
  }

  /** The fault this request meets, used up as it is met. */
  take(method: string): FaultKind | undefined {
    const fault = this.pending.find((f) => f.method === method.toUpperCase() && f.count > 0);
    if (!fault) return undefined;
    fault.count -= 1;
    this.pending = this.pending.filter((f) => f.count > 0);
    return fault.kind;
  }
}
