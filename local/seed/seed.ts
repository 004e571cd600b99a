// Seeds the demo data once, through the API itself, so it is validated and audited like real input.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalTokenIssuer } from '../../functions/runtime/auth/local-issuer.js';
import type { Store } from '../../shared/store/client.js';
import type { Role } from '../../shared/domain/roles.js';
import { DEMO_FUND, DEMO_VCSE, loadReferrers, type DemoUser } from './demo.js';

const MARKER = { pk: 'SEED', sk: '#DEMO' };

export interface SeedResult {
  readonly seededNow: boolean;
  readonly users: DemoUser[];
}

/** Anything that answers a request in process, as a Hono app does. */
interface Requestable {
  request(path: string, init: RequestInit): Response | Promise<Response>;
}

export const seedDemoData = async (app: Requestable, issuer: LocalTokenIssuer, store: Store): Promise<SeedResult> => {
  const existing = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: MARKER, ConsistentRead: true }));
  if (existing.Item) return { seededNow: false, users: existing.Item.users as DemoUser[] };

  const call = async (as: { sub: string; roles: Role[]; organisationId?: string }, path: string, body: unknown) => {
    const token = await issuer.issue(as);
    const res = await app.request(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { id: string };
    if (res.status >= 300) throw new Error(`Seeding ${path} failed: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const admin = { sub: 'demo-admin', roles: ['admin'] as Role[] };
  const organisation = (body: Record<string, unknown>) => call(admin, '/v1/organisations', body);

  const mva = await organisation({ name: 'Medway Voluntary Action', kind: 'fund_manager', charityNumber: '1120359' });
  const icb = await organisation({ name: 'NHS Kent and Medway Integrated Care Board', kind: 'commissioner', odsCode: 'QKS' });
  const referrers = [];
  for (const referrer of await loadReferrers()) referrers.push(await organisation({ name: referrer.name, kind: 'referrer' }));
  const providers = [];
  for (const vcse of DEMO_VCSE) {
    const org = await organisation({ name: vcse.name, kind: 'vcse', charityNumber: vcse.charityNumber });
    const user = { sub: `demo-vcse-${providers.length + 1}`, roles: ['vcse'] as Role[], organisationId: org.id };
    for (const activity of vcse.activities) await call(user, '/v1/activities', activity);
    providers.push({ org, name: vcse.name });
  }

  // MVA's fund: a block agreement for the walking group, £35 a referral for the others.
  const manager = { sub: 'demo-fund-manager-1', roles: ['fund_manager'] as Role[], organisationId: mva.id };
  const fund = await call(manager, '/v1/funds', DEMO_FUND);
  for (const [i, provider] of providers.entries()) {
    const agreement =
      i === 0
        ? { organisationId: provider.org.id, kind: 'block', capacity: 20, period: 'month', amountPence: 1_200_000 }
        : { organisationId: provider.org.id, kind: 'per_referral', tariffPence: 3_500, capacity: 40, period: 'month' };
    await call(manager, `/v1/funds/${fund.id}/agreements`, { ...agreement, startsOn: DEMO_FUND.startsOn, endsOn: DEMO_FUND.endsOn });
  }

  const users: DemoUser[] = [
    { sub: 'demo-admin', roles: ['admin'], description: 'Platform administrator' },
    { sub: 'demo-fund-manager-1', roles: ['fund_manager'], organisation: mva.id, description: 'Fund manager, Medway Voluntary Action' },
    { sub: 'demo-fund-manager-2', roles: ['fund_manager'], organisation: mva.id, description: 'Second fund manager (approves runs)' },
    { sub: 'demo-commissioner', roles: ['commissioner'], organisation: icb.id, description: 'Commissioner, Kent and Medway ICB' },
    { sub: 'demo-link-worker', roles: ['link_worker'], organisation: referrers[0]!.id, description: 'Link worker, IMAGO Medway' },
    ...providers.map((p, i) => ({ sub: `demo-vcse-${i + 1}`, roles: ['vcse'] as Role[], organisation: p.org.id, description: `VCSE, ${p.name}` })),
  ];
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...MARKER, users, seededAt: new Date().toISOString() } }));
  return { seededNow: true, users };
};
