// Stripe's v1 idempotency layer: save the first result for a key, replay it, refuse a key reused differently.
//
// What Stripe documents ("Idempotent requests", "Advanced error handling"), and what this follows:
//   - the status and body of the first request are saved once the endpoint has begun executing,
//     whatever they were: 200, a 400 such as balance_insufficient, even a 500;
//   - nothing is saved when the request fails before that: authentication (401), rate limiting (429),
//     parameter validation (400), or a conflict with a concurrent request using the same key (409);
//   - a retry with the same key and the same parameters gets the saved response back
//     (this sandbox marks it `Idempotent-Replayed: true`, as Stripe does);
//   - the same key with different parameters (or another endpoint) is a 400 `idempotency_error`;
//   - keys are pruned once they are at least 24 hours old; a later reuse is a new request.
//
//   request ──► in flight? ──yes──► 409 idempotency_key_in_use (nothing saved)
//                  │no
//                  ▼
//             saved entry? ──yes──► same endpoint + params? ──yes──► replay saved status/body
//                  │no                         │no
//                  ▼                           └──► 400 idempotency_error
//             validate ──fail──► 400 (released, nothing saved)
//                  │ok
//                  ▼
//             execute ──► save (status, body) ──► respond
import { createHash } from 'node:crypto';
import { errors, type ApiResult } from './errors.js';
import type { IdempotencyEntry, SandboxStore } from './state.js';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_KEY_LENGTH = 255;

export type IdempotencyDecision =
  | { kind: 'replay'; result: ApiResult }
  | { kind: 'reject'; result: ApiResult }
  | { kind: 'proceed'; claim: IdempotencyClaim };

export interface IdempotencyClaim {
  /** Saves the endpoint's result under the key and releases it. */
  save(result: ApiResult, requestId: string): void;
  /** Releases the key without saving (the request never began executing). */
  release(): void;
}

export class IdempotencyLayer {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly store: SandboxStore,
    private readonly now: () => number,
  ) {}

  begin(key: string, method: string, path: string, params: unknown): IdempotencyDecision {
    if (key.length > MAX_KEY_LENGTH) return { kind: 'reject', result: errors.idempotencyKeyTooLong() };
    if (this.inFlight.has(key)) return { kind: 'reject', result: errors.idempotencyKeyInUse(key) };
    const fingerprint = fingerprintParams(params);
    const saved = this.liveEntry(key);
    if (saved) {
      if (saved.method !== method || saved.path !== path) {
        return { kind: 'reject', result: errors.idempotencyEndpointMismatch(key) };
      }
      if (saved.paramsFingerprint !== fingerprint) {
        return { kind: 'reject', result: errors.idempotencyParamsMismatch(key) };
      }
      return {
        kind: 'replay',
        result: {
          status: saved.status,
          body: saved.body,
          headers: { ...saved.headers, 'Idempotent-Replayed': 'true', 'Original-Request': saved.requestId },
        },
      };
    }
    this.inFlight.add(key);
    let open = true;
    return {
      kind: 'proceed',
      claim: {
        save: (result, requestId) => {
          if (!open) return;
          open = false;
          this.inFlight.delete(key);
          const entry: IdempotencyEntry = {
            key,
            method,
            path,
            paramsFingerprint: fingerprint,
            status: result.status,
            body: result.body,
            headers: result.headers ?? {},
            requestId,
            savedAt: this.now(),
          };
          this.store.idempotency.set(key, entry);
        },
        release: () => {
          if (!open) return;
          open = false;
          this.inFlight.delete(key);
        },
      },
    };
  }

  /** Drops keys at least 24 hours old, as Stripe prunes them. */
  prune(): void {
    for (const [key, entry] of this.store.idempotency) {
      if (this.now() - entry.savedAt >= IDEMPOTENCY_TTL_MS) this.store.idempotency.delete(key);
    }
  }

  private liveEntry(key: string): IdempotencyEntry | undefined {
    const entry = this.store.idempotency.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.savedAt >= IDEMPOTENCY_TTL_MS) {
      this.store.idempotency.delete(key);
      return undefined;
    }
    return entry;
  }
}

/** Order-insensitive for object keys (a client may serialise them in any order), order-sensitive for arrays. */
export function fingerprintParams(params: unknown): string {
  return createHash('sha256').update(canonicalJson(params)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
