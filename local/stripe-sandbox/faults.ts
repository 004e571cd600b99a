// Failure injection for the next API call(s): 500s, timeouts, dropped connections and 429s, before or after the commit.
//
// Where each failure happens decides what a retry with the same idempotency key sees:
//   - default (before execution): nothing runs and nothing is saved, as if the request failed in
//     front of the API; a retry with the same key executes normally.
//   - afterCommit: the endpoint runs, its result is saved under the key, then the answer is lost
//     (a 500, a held connection, or a reset socket). "Stripe accepted it but we never heard back":
//     a retry with the same key gets the saved success replayed.
//   - saved (server_error only): the 500 happens inside the endpoint; nothing is committed but the
//     500 itself is saved and replayed with `Stripe-Should-Retry: false`, as Stripe documents for
//     500s under idempotency ("Retries with the same key return the saved response, including 500 errors").

export const FAILURE_KINDS = ['server_error', 'timeout', 'rate_limit', 'connection_reset'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface FailNextOptions {
  /** Exact request path (`/v1/transfers`), or a prefix ending in `*` (`/v1/transfers*`). Default: any /v1 call. */
  path?: string;
  /** Only requests with this HTTP method. Default: any. */
  method?: string;
  /** How many matching calls fail. Default 1. */
  count?: number;
  /** Execute and commit first, then lose the answer. */
  afterCommit?: boolean;
  /** server_error only: the 500 is saved under the idempotency key and replayed. */
  saved?: boolean;
  /** timeout only: the longest a held connection is kept before the socket is destroyed. Default 60 s. */
  holdMs?: number;
}

export interface Fault {
  kind: FailureKind;
  afterCommit: boolean;
  saved: boolean;
  holdMs: number;
}

interface PendingFault extends Fault {
  path?: string;
  method?: string;
  remaining: number;
}

export class FaultQueue {
  private readonly pending: PendingFault[] = [];

  add(kind: FailureKind, options: FailNextOptions = {}): void {
    if (!FAILURE_KINDS.includes(kind)) throw new Error(`Unknown failure kind: ${String(kind)}`);
    const count = options.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new Error('failNext count must be a positive integer');
    if (kind === 'rate_limit' && options.afterCommit) {
      throw new Error('rate_limit cannot be afterCommit: Stripe rate-limits before anything executes');
    }
    if (options.saved && (kind !== 'server_error' || options.afterCommit)) {
      throw new Error('saved applies to a server_error raised during execution, not afterCommit');
    }
    this.pending.push({
      kind,
      path: options.path,
      method: options.method?.toUpperCase(),
      remaining: count,
      afterCommit: options.afterCommit ?? false,
      saved: options.saved ?? false,
      holdMs: options.holdMs ?? 60_000,
    });
  }

  /** Consumes one failure for this request, if one matches. */
  take(method: string, path: string): Fault | undefined {
    const index = this.pending.findIndex((fault) => matches(fault, method, path));
    if (index === -1) return undefined;
    const fault = this.pending[index] as PendingFault;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.pending.splice(index, 1);
    return { kind: fault.kind, afterCommit: fault.afterCommit, saved: fault.saved, holdMs: fault.holdMs };
  }

  clear(): void {
    this.pending.length = 0;
  }

  get size(): number {
    return this.pending.length;
  }
}

function matches(fault: PendingFault, method: string, path: string): boolean {
  if (fault.method && fault.method !== method) return false;
  if (!fault.path) return true;
  if (fault.path.endsWith('*')) return path.startsWith(fault.path.slice(0, -1));
  return path === fault.path;
}
