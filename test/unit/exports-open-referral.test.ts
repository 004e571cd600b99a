// The activity directory as Open Referral UK services: stable UUIDs, organisation, location, category.
import { describe, expect, it } from 'vitest';
import { categoryLabel, orukDirectory, orukId } from '../../shared/domain/exports/open-referral.js';
import type { Activity } from '../../shared/domain/organisation.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const activity = (extra: Partial<Activity> = {}): Activity => ({
  id: 'act_01',
  organisationId: 'org_v',
  name: 'Walking group',
  category: 'physical_activity',
  description: 'A gentle walk by the river',
  postcode: 'ME4 4AA',
  createdAt: '2026-11-01T09:00:00.000Z',
  ...extra,
});
const orgs = new Map([['org_v', { id: 'org_v', name: 'Walk, Talk & Tea', charityNumber: '1100001', companyNumber: null }]]);

describe('Function: orukId', () => {
  it('gives the same UUID for the same id every time, and different ones for different ids', () => {
    expect(orukId('service', 'act_01')).toMatch(UUID);
    expect(orukId('service', 'act_01')).toBe(orukId('service', 'act_01'));
    expect(orukId('service', 'act_01')).not.toBe(orukId('location', 'act_01'));
  });
});

describe('Function: orukDirectory', () => {
  it('publishes each activity as an active service of its organisation, at its postcode, under its category', () => {
    const page = orukDirectory([activity()], orgs, 'https://pop.example/');
    expect(page).toMatchObject({ total_items: 1, total_pages: 1, page_number: 1, first_page: true, last_page: true, empty: false });
    const service = page.contents[0]!;
    expect(service).toMatchObject({
      id: orukId('service', 'act_01'),
      name: 'Walking group',
      description: 'A gentle walk by the river',
      status: 'active',
      url: 'https://pop.example/v1/activities?organisationId=org_v',
      organization: { id: orukId('organization', 'org_v'), name: 'Walk, Talk & Tea', organization_identifiers: [{ identifier_scheme: 'GB-CHC', identifier: '1100001' }] },
      service_at_locations: [{ location: { addresses: [{ postal_code: 'ME4 4AA', country: 'GB', address_type: 'physical' }] } }],
      attributes: [{ link_type: 'category', taxonomy_term: { term: 'Physical activity', taxonomy: 'Pay on Prescription activity categories' } }],
    });
    for (const id of [service.id, service.organization.id, service.attributes[0]!.id, service.attributes[0]!.taxonomy_term.id]) expect(id).toMatch(UUID);
  });

  it('gives an activity without a postcode no location, and uses its name when it has no description', () => {
    const service = orukDirectory([activity({ postcode: null, description: null })], orgs, 'https://pop.example').contents[0]!;
    expect(service.service_at_locations).toEqual([]);
    expect(service.description).toBe('Walking group');
  });

  it('leaves out an activity whose organisation is missing, and says when the page is empty', () => {
    expect(orukDirectory([activity({ organisationId: 'org_gone' })], orgs, 'https://pop.example')).toMatchObject({ total_items: 0, empty: true, contents: [] });
  });

  it('labels categories in words', () => {
    expect(categoryLabel('benefits_and_debt_advice')).toBe('Benefits and debt advice');
  });
});
