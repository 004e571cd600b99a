// The Open Referral UK API end to end: a directory made through the real API (and the demo seed),
// read back on every endpoint of the profile's OpenAPI document and checked with ajv against the
// published schemas; paging, filters, stable ids, public access, and the old export agreeing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenReferralApp, type OpenReferralApp } from '../../functions/openreferral/app.js';
import { seedDemoData } from '../../local/seed/seed.js';
import { createActivity, createOrganisation, userOf } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';
import { OPEN_REFERRAL_PATHS, openReferralErrors } from '../support/standards.js';

type Page = { total_items: number; total_pages: number; page_number: number; size: number; last_page: boolean; contents: Record<string, any>[] };

let h: Harness;
/** The API as npm start serves it (the ORUK app mounted beside the API), or one ORUK app on its own. */
let oruk: Pick<OpenReferralApp, 'request'>;
const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await oruk.request(`/openreferral${path}`, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
};
/** Reads `path` and checks the body against the response schema of `template` in the profile's document. */
const valid = async (template: string, path = template) => {
  const res = await get(path);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(openReferralErrors(template, res.body), `${path} against ${template}`).toEqual([]);
  return res.body;
};

let garden: { id: string };
let walk: { id: string };
beforeAll(async () => {
  h = await createHarness();
  oruk = h.app;
  const hope = await createOrganisation(h, 'vcse', { name: 'Hope Gardens Trust', charityNumber: '1100001' });
  const walkers = await createOrganisation(h, 'vcse', { name: 'Chatham Walkers', companyNumber: '01234567' });
  garden = await createActivity(h, hope.id, { name: 'Community allotment', category: 'gardening', description: 'Grow vegetables with neighbours', postcode: 'ME4 4AA' });
  walk = await createActivity(h, walkers.id, { name: 'Riverside walk', category: 'physical_activity', description: 'A gentle walk by the Medway' });
  for (let i = 0; i < 3; i += 1) await createActivity(h, walkers.id, { name: `Chair exercise ${i}`, category: 'physical_activity', postcode: 'ME5 9AA' });
});
afterAll(() => h.close());

describe('Open Referral UK API', () => {
  it('answers every endpoint of the profile’s OpenAPI document, each valid against the published schemas', async () => {
    const services = (await valid('/services')) as Page;
    expect(services.total_items).toBe(5);
    const serviceId = services.contents.find((s) => s.name === 'Community allotment')!.id;
    const sals = (await valid('/service_at_locations')) as Page;
    const taxonomies = (await valid('/taxonomies')) as Page;
    const terms = (await valid('/taxonomy_terms')) as Page;
    await valid('/');
    const service = await valid('/services/{id}', `/services/${serviceId}`);
    await valid('/service_at_locations/{id}', `/service_at_locations/${service.service_at_locations[0].id}`);
    await valid('/taxonomies/{id}', `/taxonomies/${taxonomies.contents[0]!.id}`);
    await valid('/taxonomy_terms/{id}', `/taxonomy_terms/${terms.contents[0]!.id}`);
    // Every path of the document was read above.
    expect(OPEN_REFERRAL_PATHS).toEqual(expect.arrayContaining(['/', '/services', '/services/{id}', '/service_at_locations', '/service_at_locations/{id}', '/taxonomies', '/taxonomies/{id}', '/taxonomy_terms', '/taxonomy_terms/{id}']));
    expect(OPEN_REFERRAL_PATHS).toHaveLength(9);
    // Only activities with a place are services at a location.
    expect(sals.total_items).toBe(4);
    expect(service).toMatchObject({ name: 'Community allotment', organization: { name: 'Hope Gardens Trust' }, attributes: [{ taxonomy_term: { name: 'Gardening' } }] });
  });

  it('pages with page and per_page, saying which page is last', async () => {
    const first = (await valid('/services', '/services?per_page=2')) as Page;
    expect(first).toMatchObject({ total_items: 5, total_pages: 3, page_number: 1, size: 2, last_page: false });
    const last = (await valid('/services', '/services?per_page=2&page=3')) as Page;
    expect(last).toMatchObject({ page_number: 3, size: 1, last_page: true });
    const all = [...first.contents, ...((await get('/services?per_page=2&page=2')).body as Page).contents, ...last.contents].map((s) => s.id);
    expect(new Set(all).size).toBe(5);
  });

  it('searches text and filters by taxonomy term', async () => {
    const search = (await valid('/services', '/services?search=vegetables%20NEIGHBOURS')) as Page;
    expect(search.contents.map((s) => s.name)).toEqual(['Community allotment']);
    const terms = ((await get('/taxonomy_terms')).body as Page).contents;
    const physical = terms.find((t) => t.name === 'Physical activity')!;
    const filtered = (await valid('/services', `/services?taxonomy_term_id=${physical.id}`)) as Page;
    expect(filtered.total_items).toBe(4);
    const atLocations = (await valid('/service_at_locations', `/service_at_locations?taxonomy_term_id=${physical.id}&search=chair`)) as Page;
    expect(atLocations.total_items).toBe(3);
  });

  it('gives the same UUIDs to the same activities from a new instance over the same table', async () => {
    const before = ((await get('/services')).body as Page).contents.map((s) => s.id).sort();
    oruk = createOpenReferralApp(h.deps);
    const after = ((await get('/services')).body as Page).contents.map((s) => s.id).sort();
    expect(after).toEqual(before);
  });

  it('is public: no sign-in, credentials ignored, and any origin may read it', async () => {
    const anonymous = await get('/services');
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('access-control-allow-origin')).toBe('*');
    expect((await get('/services', { authorization: 'Bearer not-a-token' })).status).toBe(200);
  });

  it('refuses bad paging and unknown ids as problems, in plain words', async () => {
    const bad = await get('/services?page=0');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.detail).toBe('page must be at least 1');
    expect((await get('/services?per_page=201')).status).toBe(400);
    expect((await get('/services?proximity=500')).body.detail).toBe('proximity needs a postcode to measure from.');
    expect((await get('/services/00000000-0000-5000-8000-000000000000')).status).toBe(404);
    expect((await get('/taxonomy_terms/nope')).status).toBe(404);
    // An activity without a postcode has no service at a location.
    const walkService = ((await get('/services?search=riverside')).body as Page).contents[0]!;
    expect((await get(`/services/${walkService.id}`)).body.service_at_locations).toEqual([]);
  });

  it('finds services at locations near a postcode, nearest first, within a proximity in metres', async () => {
    const near = (await valid('/service_at_locations', '/service_at_locations?postcode=ME4%204QU&proximity=1000')) as Page;
    expect(near.contents.map((s) => s.service.name)).toEqual(['Community allotment']);
    // ME5 is about 3.3 km from ME4: inside 5 km, after the ME4 activity.
    const wider = (await valid('/service_at_locations', '/service_at_locations?postcode=me4&proximity=5000')) as Page;
    expect(wider.contents.map((s) => s.service.name)).toEqual(['Community allotment', 'Chair exercise 0', 'Chair exercise 1', 'Chair exercise 2']);
    const ordered = (await valid('/services', '/services?postcode=ME5')) as Page;
    expect(ordered.contents.map((s) => s.name).slice(0, 4)).toEqual(['Chair exercise 0', 'Chair exercise 1', 'Chair exercise 2', 'Community allotment']);
    expect(ordered.total_items).toBe(5);
    expect((await get('/services?postcode=nonsense')).body.detail).toBe('postcode must be a UK postcode or postcode district, such as ME4 4QU or ME4');
    expect((await get('/services?postcode=EH1&proximity=1000')).body.detail).toBe('The postcode district EH1 is outside the area the directory covers.');
  });

  it('publishes the public contact a provider gave, never the working contact, and the provider’s own words for when and where', async () => {
    const org = await createOrganisation(h, 'vcse', { name: 'Rochester Readers' });
    const created = await h.call('POST', '/v1/activities', {
      as: userOf(org.id, 'vcse'),
      body: {
        name: 'Reading circle',
        category: 'group_learning',
        when: 'Thursdays 14:00 to 15:30',
        where: 'Rochester Library, Eastgate',
        postcode: 'ME1 1EW',
        contact: { email: 'coordinator@readers.example', phone: '07700 900123' },
        publicContact: { email: 'hello@readers.example', phone: '01634 000111', url: 'https://readers.example' },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const summary = ((await get('/services?search=reading%20circle')).body as Page).contents[0]!;
    const service = await valid('/services/{id}', `/services/${summary.id}`);
    expect(service).toMatchObject({
      email: 'hello@readers.example',
      url: 'https://readers.example',
      phones: [{ number: '01634 000111' }],
      schedules: [{ description: 'Thursdays 14:00 to 15:30' }],
      service_at_locations: [{ location: { name: 'Rochester Library, Eastgate', addresses: [{ address_1: 'Rochester Library, Eastgate', postal_code: 'ME1 1EW' }] } }],
    });
    expect(JSON.stringify(service)).not.toMatch(/coordinator@readers|07700 900123/);
    // Paused by its provider: still listed, as temporarily closed.
    expect((await h.call('PATCH', `/v1/activities/${created.body.id}`, { as: userOf(org.id, 'vcse'), body: { status: 'paused' } })).status).toBe(200);
    expect((await get(`/services/${summary.id}`)).body.status).toBe('temporarily closed');
  });

  it('returns the same services as the old /v1/exports/openreferral.json', async () => {
    const old = await h.call('GET', '/v1/exports/openreferral.json', { as: userOf(walk.id, 'link_worker') });
    expect(old.status).toBe(200);
    expect(openReferralErrors('/services', old.body)).toEqual([]);
    for (const service of old.body.contents as Record<string, any>[]) {
      expect((await get(`/services/${service.id}`)).body).toEqual(service);
    }
    expect(old.body.contents.map((s: { name: string }) => s.name)).toContain('Community allotment');
    expect(garden.id).toMatch(/^act_/);
  });
});

describe('Open Referral UK API over the demo directory that npm start seeds', () => {
  it('publishes every seeded activity as a valid service', async () => {
    const demo = await createHarness();
    try {
      await seedDemoData(demo.deps);
      const app = demo.app;
      const page = (await (await app.request('/openreferral/services?per_page=200')).json()) as Page;
      expect(page.total_items).toBeGreaterThan(0);
      expect(openReferralErrors('/services', page)).toEqual([]);
      for (const summary of page.contents) {
        const full = await (await app.request(`/openreferral/services/${summary.id}`)).json();
        expect(openReferralErrors('/services/{id}', full), summary.name).toEqual([]);
      }
    } finally {
      await demo.close();
    }
  });
});
