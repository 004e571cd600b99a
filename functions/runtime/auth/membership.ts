// Whether a verified token's person is still one of their organisation's people, in the role the token names; a short per-instance cache of the answer.
import { AppError } from '../../../shared/domain/errors.js';
import { formatDate } from '../../../shared/domain/format.js';
import type { Principal } from '../../../shared/domain/roles.js';
import type { Store } from '../../../shared/store/client.js';
import { getMember, type Member } from '../../../shared/store/members.js';

/**
 * How long this instance trusts what it read about a member. A token lasts an hour (Cognito), so
 * without the check a removed person keeps acting for up to an hour; with it, a removal made on
 * another instance reaches this one within 30 s, and a removal made here at once. 30 s also keeps
 * the cost small: one GetItem per person per instance per 30 s, however many requests they make.
 */
export const MEMBERSHIP_TTL_MS = 30_000;

/** A county's people several times over; an entry is a few hundred bytes, so at most a few hundred KB. */
export const MEMBERSHIP_CACHE_ENTRIES = 2_000;

export interface MembershipCheck {
  /** Refuses (401) a person whose member record says removed, or names a role their token does not hold. */
  assertCurrent(store: Store, principal: Principal): Promise<void>;
  /** Forgets what this instance read about one member: called after this instance removes or invites them. */
  forget(organisationId: string, sub: string): void;
}

export interface MembershipOptions {
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  /** Milliseconds on a monotonic clock (performance.now by default); tests pass their own. */
  readonly now?: () => number;
}

/** The refusal a person sees, in plain words: why the token no longer works and what to do. */
const refusal = (member: Member, principal: Principal): AppError | undefined => {
  if (member.status === 'removed') {
    const when = member.removedAt ? ` on ${formatDate(member.removedAt)}` : '';
    return new AppError('unauthenticated', `You were removed from this organisation’s people${when}. Ask its lead if that is a mistake.`);
  }
  // Invited back in another role: the token's groups are the old role's, so it must not act in either.
  if (!principal.roles.includes(member.role)) return new AppError('unauthenticated', 'Your role has changed: sign in again.');
  // A member holds one role. A token with more (a group added by hand in Cognito) would act in all of them.
  if (principal.roles.length > 1) {
    return new AppError('unauthenticated', 'Your sign-in holds more roles than your organisation gave you. Ask its lead to check your account.');
  }
  return undefined;
};

/**
 * At most `max` entries, each trusted for `ttlMs` after it was stored; the least recently used goes
 * first. Written here rather than taken from lru-cache, which would add 19 KB (minified) to an API
 * bundle already over its goal for what a Map's insertion order gives in a few lines.
 */
const boundedTtlMap = <V>(max: number, ttlMs: number, now: () => number) => {
  const entries = new Map<string, { readonly value: V; readonly storedAt: number }>();
  return {
    get(key: string): V | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (now() - entry.storedAt > ttlMs) return undefined;
      // Put back at the end: Map iterates in insertion order, so the first key is the least recently used.
      entries.set(key, entry);
      return entry.value;
    },
    set(key: string, value: V): void {
      entries.delete(key);
      entries.set(key, { value, storedAt: now() });
      if (entries.size > max) entries.delete(entries.keys().next().value!);
    },
    /** Removes the entry, only if it still holds `value` when one is given. */
    delete(key: string, value?: V): void {
      if (value === undefined || entries.get(key)?.value === value) entries.delete(key);
    },
  };
};

export const createMembershipCheck = (options: MembershipOptions = {}): MembershipCheck => {
  // The cache holds the read itself, so requests arriving together share one GetItem. An entry is
  // stored when its read starts, never when it ends: a read that began before forget() cannot put
  // an answer back into the cache after it.
  const lookups = boundedTtlMap<Promise<Member | undefined>>(
    options.maxEntries ?? MEMBERSHIP_CACHE_ENTRIES,
    options.ttlMs ?? MEMBERSHIP_TTL_MS,
    options.now ?? (() => performance.now()),
  );
  const keyOf = (organisationId: string, sub: string) => `${organisationId}#${sub}`;

  const lookUp = (store: Store, organisationId: string, sub: string) => {
    const key = keyOf(organisationId, sub);
    const cached = lookups.get(key);
    if (cached) return cached;
    const read = getMember(store, organisationId, sub);
    lookups.set(key, read);
    // A failed read (a timeout, a throttle) is not remembered: the next request asks again.
    read.catch(() => lookups.delete(key, read));
    return read;
  };

  return {
    async assertCurrent(store, principal) {
      // No organisation (an admin made outside the API): the token alone decides, as it always has.
      if (!principal.organisationId) return;
      const member = await lookUp(store, principal.organisationId, principal.sub);
      // No record (the first admin made by hand): the token alone decides too.
      if (!member) return;
      const refused = refusal(member, principal);
      if (refused) throw refused;
    },
    forget(organisationId, sub) {
      lookups.delete(keyOf(organisationId, sub));
    },
  };
};
