// The activity directory as Open Referral UK 3.0: stable RFC 9562 UUIDs, only what the provider made
// public, the project's taxonomy, the profile's filters and paging, and the published schemas (ajv).
import { v5 as uuidV5Reference } from 'uuid';
import { describe, expect, it } from 'vitest';
import { orukService, orukServiceAtLocation, orukServiceAtLocationSummary, orukServiceSummary, type DirectoryActivity } from '../../shared/domain/exports/open-referral.js';
import { ORUK_NAMESPACE, orukId, uuidV5 } from '../../shared/domain/exports/oruk-ids.js';
import { directoryEntries, filterDirectory, orukDirectory, orukPage } from '../../shared/domain/exports/oruk-query.js';
import { categoryLabel, categoryOfTerm, orukTaxonomy, orukTaxonomyTerms, taxonomyId, taxonomyTermId } from '../../shared/domain/exports/oruk-taxonomy.js';
import { openReferralErrors } from '../support/standards.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const URL_BASE = 'https://pop.example';

const activity = (extra: Partial<DirectoryActivity> = {}): DirectoryActivity => ({
  id: 'act_01',
  organisationId: 'org_v',
  name: 'Walking group',
  category: 'physical_activity',
  description: 'A gentle walk by the river',
  postcode: 'ME4 4AA',
  createdAt: '2026-11-01T09:00:00.000Z',
  ...extra,
});
const org = { id: 'org_v', name: 'Walk, Talk & Tea', charityNumber: '1100001', companyNumber: null };
const orgs = new Map([['org_v', org]]);

describe('Function: orukId', () => {
  it('is the RFC 9562 version 5 UUID of the record, the same as the uuid package computes', () => {
    expect(uuidV5('service:act_01', ORUK_NAMESPACE)).toBe(uuidV5Reference('service:act_01', ORUK_NAMESPACE));
    expect(ORUK_NAMESPACE).toBe(uuidV5Reference('pay-on-prescription.org.uk', uuidV5Reference.DNS));
  });

  it('gives the same UUID for the same id every time, and different ones for different kinds and ids', () => {
    expect(orukId('service', 'act_01')).toMatch(UUID);
    expect(orukId('service', 'act_01')).toBe(orukId('service', 'act_01'));
    expect(orukId('service', 'act_01')).not.toBe(orukId('location', 'act_01'));
    expect(orukId('service', 'act_01')).not.toBe(orukId('service', 'act_02'));
  });
});

describe('Function: orukService', () => {
  it('publishes an activity as a service of its organisation, at its place, under its category, valid against the published schema', () => {
    const service = orukService(activity({ where: 'Riverside Park gate', when: 'Tuesdays 10:00 to 11:30' }), org, `${URL_BASE}/`);
    expect(service).toMatchObject({
      id: orukId('service', 'act_01'),
      organization_id: orukId('organization', 'org_v'),
      name: 'Walking group',
      description: 'A gentle walk by the river',
      status: 'active',
      organization: { name: 'Walk, Talk & Tea', organization_identifiers: [{ identifier_scheme: 'GB-CHC', identifier: '1100001' }] },
      schedules: [{ description: 'Tuesdays 10:00 to 11:30' }],
      service_at_locations: [{ location: { location_type: 'physical', addresses: [{ address_1: 'Riverside Park gate', postal_code: 'ME4 4AA', country: 'GB' }] } }],
      attributes: [{ taxonomy_term_id: taxonomyTermId('physical_activity'), taxonomy_term: { name: 'Physical activity', taxonomy: 'Pay on Prescription social prescribing activity categories' } }],
    });
    expect(openReferralErrors('/services/{id}', service)).toEqual([]);
  });

  it('publishes only the public contact, never the working contact link workers see', () => {
    const withContacts = activity({
      publicContact: { email: 'hello@walktalk.example', phone: '01634 000001', url: 'https://walktalk.example' },
      ...({ contact: { email: 'coordinator@walktalk.example', phone: '07700 900001', url: null } } as object),
    });
    const text = JSON.stringify(orukService(withContacts, org, URL_BASE));
    expect(text).toContain('hello@walktalk.example');
    expect(text).toContain('01634 000001');
    expect(text).not.toContain('coordinator@walktalk.example');
    expect(text).not.toContain('07700 900001');
    expect(JSON.stringify(orukService(activity(), org, URL_BASE))).not.toMatch(/"email"|"url"/);
  });

  it('says a paused activity is temporarily closed and a closed one inactive', () => {
    expect(orukServiceSummary(activity({ status: 'paused' }), org).status).toBe('temporarily closed');
    expect(orukServiceSummary(activity({ status: 'closed' }), org).status).toBe('inactive');
  });

  it('gives an activity without a postcode no location, and uses its name when it has no description', () => {
    const service = orukService(activity({ postcode: null, description: null }), org, URL_BASE);
    expect(service.service_at_locations).toEqual([]);
    expect(service.description).toBe('Walking group');
    expect(openReferralErrors('/services/{id}', service)).toEqual([]);
  });

  it('is caught by the published schema when an id is not a UUID or a required field is missing', () => {
    const service = orukService(activity(), org, URL_BASE);
    expect(openReferralErrors('/services/{id}', { ...service, id: 'act_01' }).join()).toContain('/id: must match format "uuid"');
    const { status: _status, ...statusless } = service;
    expect(openReferralErrors('/services/{id}', statusless).join()).toContain("must have required property 'status'");
  });
});

describe('Function: orukServiceAtLocation', () => {
  it('nests the service and its location, in list and full form, both valid against the published schema', () => {
    const full = orukServiceAtLocation(activity(), org, URL_BASE);
    expect(full).toMatchObject({ id: orukId('service-at-location', 'act_01'), service_id: orukId('service', 'act_01'), service: { name: 'Walking group' } });
    expect(full.service).not.toHaveProperty('service_at_locations');
    expect(openReferralErrors('/service_at_locations/{id}', full)).toEqual([]);
    const summary = orukServiceAtLocationSummary(activity(), org);
    expect(summary.location).not.toHaveProperty('addresses');
    expect(openReferralErrors('/service_at_locations', orukPage([summary], 1, 50))).toEqual([]);
  });
});

describe('Module: oruk-taxonomy', () => {
  it('names every category as a term of one named, versioned taxonomy, valid against the published schema', () => {
    const terms = orukTaxonomyTerms(URL_BASE);
    expect(terms).toHaveLength(15);
    for (const term of terms) expect(term).toMatchObject({ taxonomy_id: taxonomyId(), taxonomy: orukTaxonomy(URL_BASE, false).name });
    expect(openReferralErrors('/taxonomy_terms', orukPage(terms, 1, 50))).toEqual([]);
    expect(openReferralErrors('/taxonomy_terms/{id}', terms[0])).toEqual([]);
    expect(orukTaxonomy(URL_BASE, true).taxonomy_terms).toHaveLength(15);
    expect(categoryOfTerm(taxonomyTermId('gardening'))).toBe('gardening');
    expect(categoryOfTerm(orukId('taxonomy-term', 'knitting'))).toBeUndefined();
  });

  it('labels categories in words', () => {
    expect(categoryLabel('benefits_and_debt_advice')).toBe('Benefits and debt advice');
  });
});

describe('Function: filterDirectory', () => {
  const entries = directoryEntries(
    [
      activity({ id: 'act_walk' }),
      activity({ id: 'act_garden', name: 'Community garden', category: 'gardening', description: 'Grow vegetables together', postcode: 'ME10 1AA' }),
      activity({ id: 'act_far', name: 'Allotment club', category: 'gardening', description: null, postcode: null }),
      activity({ id: 'act_orphan', organisationId: 'org_gone' }),
    ],
    orgs,
  );
  const ids = (list: { activity: { id: string } }[]) => list.map((e) => e.activity.id);

  it('leaves out an activity whose organisation is missing', () => {
    expect(ids(entries)).toEqual(['act_walk', 'act_garden', 'act_far']);
  });

  it('searches every word across name, description and provider, ignoring case', () => {
    expect(ids(filterDirectory(entries, { search: 'GROW together' }))).toEqual(['act_garden']);
    expect(ids(filterDirectory(entries, { search: 'tea' }))).toEqual(['act_walk', 'act_garden', 'act_far']);
    expect(ids(filterDirectory(entries, { search: 'knitting' }))).toEqual([]);
  });

  it('filters by taxonomy term and by taxonomy', () => {
    expect(ids(filterDirectory(entries, { taxonomyTermId: taxonomyTermId('gardening') }))).toEqual(['act_garden', 'act_far']);
    expect(ids(filterDirectory(entries, { taxonomyId: taxonomyId() }))).toHaveLength(3);
    expect(ids(filterDirectory(entries, { taxonomyId: orukId('taxonomy', 'someone-else') }))).toEqual([]);
  });

  it('orders by distance, nearest first, and keeps only those within the proximity when one is given', () => {
    const km = (a: DirectoryActivity) => (a.postcode === 'ME4 4AA' ? 12 : a.postcode ? 1.5 : undefined);
    expect(ids(filterDirectory(entries, {}, km))).toEqual(['act_garden', 'act_walk', 'act_far']);
    expect(ids(filterDirectory(entries, { proximityMetres: 2_000 }, km))).toEqual(['act_garden']);
  });
});

describe('Function: orukPage', () => {
  it('pages with ORUK’s envelope, counting pages from 1', () => {
    const items = ['a', 'b', 'c', 'd', 'e'];
    expect(orukPage(items, 2, 2)).toEqual({ total_items: 5, total_pages: 3, page_number: 2, size: 2, first_page: false, last_page: false, empty: false, contents: ['c', 'd'] });
    expect(orukPage(items, 3, 2)).toMatchObject({ last_page: true, size: 1 });
    expect(orukPage([], 1, 50)).toMatchObject({ total_pages: 1, empty: true, first_page: true, last_page: true });
  });

  it('keeps the old single-page export: every service fully nested, valid against the published schema', () => {
    const page = orukDirectory(directoryEntries([activity()], orgs), URL_BASE);
    expect(page).toMatchObject({ total_items: 1, total_pages: 1, page_number: 1, size: 1 });
    expect(openReferralErrors('/services', page)).toEqual([]);
    expect(openReferralErrors('/services/{id}', page.contents[0])).toEqual([]);
  });
});
