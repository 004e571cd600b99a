// Demo notification addresses: each demo organisation gets a shared mailbox that receives everything.
import type { LocalTokenIssuer } from '../../functions/runtime/auth/local-issuer.js';
import type { Store } from '../../shared/store/client.js';
import { entities } from '../../shared/store/entities.js';
import { INDEX, indexKeys } from '../../shared/store/keys.js';
import { getNotificationSettings } from '../../shared/store/notifications.js';
import { queryAll } from '../../shared/store/query.js';

/** Anything that answers a request in process, as a Hono app does. */
interface Requestable {
  request(path: string, init: RequestInit): Response | Promise<Response>;
}

/** `Medway Walking Friends` → `notifications@medway-walking-friends.example.org` (example.org never delivers). */
export const demoAddress = (name: string): string =>
  `notifications@${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 50)}.example.org`;

/** Gives every organisation without addresses its demo mailbox, through the API as an admin. Safe on every start. */
export const seedNotificationAddresses = async (app: Requestable, issuer: LocalTokenIssuer, store: Store): Promise<number> => {
  const organisations = await queryAll(store, entities.organisation, {
    IndexName: INDEX.gsi1.name,
    KeyConditionExpression: `${INDEX.gsi1.pk} = :pk`,
    ExpressionAttributeValues: { ':pk': indexKeys.organisationList() },
  });
  const token = await issuer.issue({ sub: 'demo-admin', roles: ['admin'] });
  let seeded = 0;
  for (const organisation of organisations) {
    if ((await getNotificationSettings(store, organisation.id)).addresses.length > 0) continue;
    const res = await app.request(`/v1/organisations/${organisation.id}/notification-settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ addresses: [{ email: demoAddress(organisation.name) }] }),
    });
    if (res.status !== 200) throw new Error(`Seeding notification addresses for ${organisation.id} failed: ${res.status} ${await res.text()}`);
    seeded += 1;
  }
  return seeded;
};
