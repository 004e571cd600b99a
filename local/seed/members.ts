// The demo users as members of their organisations, so the local sign-in (GET /v1/dev/users) lists them; each VCSE user leads its organisation.
import type { IdFactory } from '../../shared/domain/ids.js';
import { addMember } from '../../shared/store/members.js';
import type { Store } from '../../shared/store/client.js';
import type { DemoUser } from './demo.js';

export const seedMembers = async (store: Store, users: readonly DemoUser[], context: { mva: string; ids: IdFactory; at: Date }) => {
  for (const user of users) {
    // The platform's admin belongs to the organisation that hosts it: Medway Voluntary Action.
    const organisationId = user.organisation ?? context.mva;
    await addMember(
      store,
      {
        organisationId,
        sub: user.sub,
        email: `${user.sub}@demo.example.org`,
        role: user.roles[0]!,
        lead: user.roles.includes('vcse') || user.sub === 'demo-fund-manager-1',
        status: 'active',
        invitedAt: context.at.toISOString(),
        invitedBy: 'demo-admin',
        removedAt: null,
        removedBy: null,
      },
      { actor: 'demo-admin', eventId: context.ids('event', context.at) },
    );
  }
};
