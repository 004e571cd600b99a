// Who acted, in words: a person, someone removed since, each of the platform's own processes, and a sign-in id no record holds.
import { describe, expect, it } from 'vitest';
import { WORKER_ACTOR } from '../../functions/payout-worker/pay-run.js';
import { WEBHOOK_ACTOR } from '../../functions/stripe-webhook/apply-event.js';
import { actorName, isSystemActor, ROLE_WORDS } from '../../shared/domain/actor-names.js';
import { ROLES } from '../../shared/domain/roles.js';
import { EXPIRY_ACTOR } from '../../shared/store/expiry.js';

const JO = { email: 'jo@mva.example', role: 'fund_manager', organisationName: 'Medway Voluntary Action', removed: false } as const;

describe('Function: actorName', () => {
  it('names a person by work e-mail, role and organisation', () => {
    expect(actorName('b1d4e8a2-0c3f-4e5a-9b7d-1f2e3a4b5c6d', JO)).toBe('jo@mva.example (fund manager, Medway Voluntary Action)');
  });

  it('says when the person has been removed since', () => {
    expect(actorName('b1d4e8a2-0c3f-4e5a-9b7d-1f2e3a4b5c6d', { ...JO, removed: true })).toBe('jo@mva.example (fund manager, Medway Voluntary Action; since removed)');
  });

  it('names every process that writes events in words, whatever a member record says', () => {
    expect([WORKER_ACTOR, WEBHOOK_ACTOR, EXPIRY_ACTOR].map((actor) => actorName(actor, JO))).toEqual([
      'The payment system (automatic)',
      'Stripe, reporting a change (automatic)',
      'Referral expiry (automatic)',
    ]);
  });

  it('shows the start of a sign-in id that no member record holds, and a short one whole', () => {
    expect(actorName('1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', undefined)).toBe('A person not listed in any organisation (sign-in id 1a2b3c4d…)');
    expect(actorName('admin-1', undefined)).toBe('A person not listed in any organisation (sign-in id admin-1)');
  });

  it('has words for every role, and takes no person’s sign-in id or an inherited name for a process', () => {
    expect(Object.keys(ROLE_WORDS).sort()).toEqual([...ROLES].sort());
    expect(['demo-fund-manager-1', 'toString', 'system:'].map(isSystemActor)).toEqual([false, false, false]);
  });
});
