// Who did something, in the words a commissioner reads in the audit trail: a person's work e-mail, role and organisation, or the platform's own processes.
import type { Role } from './roles.js';

/**
 * The sign-in ids the platform's own processes write as an event's `actor`. They are stored in
 * every event they wrote (and covered by its hash), so an id here is never renamed.
 */
export const SYSTEM_ACTORS = {
  payoutWorker: 'system:payout-worker',
  stripeWebhook: 'stripe:webhook',
  responseDeadline: 'system:response-deadline',
} as const;

type SystemActor = (typeof SYSTEM_ACTORS)[keyof typeof SYSTEM_ACTORS];

const SYSTEM_ACTOR_WORDS: Record<SystemActor, string> = {
  'system:payout-worker': 'The payment system (automatic)',
  'stripe:webhook': 'Stripe, reporting a change (automatic)',
  'system:response-deadline': 'Referral expiry (automatic)',
};

export const isSystemActor = (actor: string): actor is SystemActor => Object.hasOwn(SYSTEM_ACTOR_WORDS, actor);

/** The roles as the People page names them, in lower case to sit inside a sentence. */
export const ROLE_WORDS: Record<Role, string> = {
  admin: 'administrator',
  fund_manager: 'fund manager',
  vcse: 'voluntary and community organisation staff',
  link_worker: 'link worker',
  commissioner: 'commissioner',
};

/** What the member records say about a person who acted: enough to name them, nothing more. */
export interface NamedPerson {
  readonly email: string;
  readonly role: Role;
  readonly organisationName: string;
  readonly removed: boolean;
}

/** Enough of a sign-in id to tell two people apart and to find them in the user pool (Cognito filters by a prefix of `sub`). */
const SHOWN_ID_LENGTH = 8;

/**
 * "jo@mva.example (fund manager, Medway Voluntary Action)"; "…; since removed)" for someone
 * removed after they acted; the platform's processes in plain words; and for a sign-in id with no
 * member record (the first administrator, made with the CLI), a short form of the id itself.
 */
export const actorName = (actor: string, person: NamedPerson | undefined): string => {
  if (isSystemActor(actor)) return SYSTEM_ACTOR_WORDS[actor];
  if (person) return `${person.email} (${ROLE_WORDS[person.role]}, ${person.organisationName}${person.removed ? '; since removed' : ''})`;
  const shown = actor.length > SHOWN_ID_LENGTH ? `${actor.slice(0, SHOWN_ID_LENGTH)}…` : actor;
  return `A person not listed in any organisation (sign-in id ${shown})`;
};
