// The activity directory in Open Referral UK 3.0 (HSDS 3.0): each activity a service of its VCSE
// organisation, its place a location, its category a taxonomy term. The one place that decides what
// of an activity is published: only what the provider marked public (the public contact, never the
// working contact link workers see once signed in), and no personal data of anyone.
import type { Activity, Organisation } from '../organisation.js';
import { orukId } from './oruk-ids.js';
import { orukTaxonomyTerm, taxonomyTermId } from './oruk-taxonomy.js';

/** A way to reach the provider that they chose to publish. */
export interface PublicContact {
  readonly email: string | null;
  readonly phone: string | null;
  readonly url: string | null;
}

/** An activity with the directory details the provider may have added (absent on older items). */
export type DirectoryActivity = Activity & {
  readonly when?: string | null;
  readonly where?: string | null;
  readonly publicContact?: PublicContact | null;
  readonly status?: 'active' | 'paused' | 'closed';
  readonly updatedAt?: string | null;
};

export type DirectoryOrganisation = Pick<Organisation, 'id' | 'name' | 'charityNumber' | 'companyNumber'>;

/** Paused still takes referrals with a warning, so it reads as temporarily closed; closed is inactive. */
const ORUK_STATUS = { active: 'active', paused: 'temporarily closed', closed: 'inactive' } as const;

const organisationIdentifiers = (org: DirectoryOrganisation) => [
  ...(org.charityNumber
    ? [{ id: orukId('org-identifier-chc', org.id), organization_id: orukId('organization', org.id), identifier_scheme: 'GB-CHC', identifier_type: 'Charity number', identifier: org.charityNumber }]
    : []),
  ...(org.companyNumber
    ? [{ id: orukId('org-identifier-coh', org.id), organization_id: orukId('organization', org.id), identifier_scheme: 'GB-COH', identifier_type: 'Company number', identifier: org.companyNumber }]
    : []),
];

/** The organisation's one-to-one fields, as list responses nest it. */
export const orukOrganizationSummary = (org: DirectoryOrganisation) => ({
  id: orukId('organization', org.id),
  name: org.name,
  description: `${org.name} is a voluntary, community and social enterprise (VCSE) organisation taking social-prescribing referrals.`,
});

export const orukOrganization = (org: DirectoryOrganisation) => ({ ...orukOrganizationSummary(org), organization_identifiers: organisationIdentifiers(org) });

/** A service's one-to-one fields: what `GET /services` lists. Contact fields only from the public contact. */
export const orukServiceSummary = (activity: DirectoryActivity, org: DirectoryOrganisation) => {
  const contact = activity.publicContact ?? null;
  return {
    id: orukId('service', activity.id),
    organization_id: orukId('organization', org.id),
    name: activity.name,
    description: activity.description ?? activity.name,
    ...(contact?.url ? { url: contact.url } : {}),
    ...(contact?.email ? { email: contact.email } : {}),
    status: ORUK_STATUS[activity.status ?? 'active'],
    last_modified: activity.updatedAt ?? activity.createdAt,
    organization: orukOrganizationSummary(org),
  };
};

/**
 * The place an activity runs, when it has a postcode. HSDS requires the street and town of an
 * address; we hold the provider's own words for where it is and the postcode, so the words fill the
 * first line and the town stays empty rather than guessed. A directory can geocode the postcode.
 */
const orukLocation = (activity: DirectoryActivity) => ({
  id: orukId('location', activity.id),
  location_type: 'physical' as const,
  name: activity.where ?? activity.name,
  addresses: [
    {
      id: orukId('address', activity.id),
      location_id: orukId('location', activity.id),
      address_1: activity.where ?? '',
      city: '',
      state_province: '',
      postal_code: activity.postcode ?? '',
      country: 'GB',
      address_type: 'physical' as const,
    },
  ],
});

/** The service-at-location's own fields, around whichever shape of service and location is nested. */
const salFields = (activity: DirectoryActivity) => ({
  id: orukId('service-at-location', activity.id),
  service_id: orukId('service', activity.id),
  location_id: orukId('location', activity.id),
});

const categoryAttribute = (activity: DirectoryActivity, publicUrl: string) => ({
  id: orukId('attribute', activity.id),
  link_id: orukId('service', activity.id),
  link_type: 'service',
  taxonomy_term_id: taxonomyTermId(activity.category),
  taxonomy_term: orukTaxonomyTerm(activity.category, publicUrl),
});

/** The provider's public phone, as HSDS 3.0's `phones` (the UK profile allows fields beyond its own). */
const phones = (activity: DirectoryActivity) =>
  activity.publicContact?.phone ? [{ id: orukId('phone', activity.id), service_id: orukId('service', activity.id), number: activity.publicContact.phone }] : [];

/** The fully nested service: `GET /services/{id}`, and the old `/v1/exports/openreferral.json`. */
export const orukService = (activity: DirectoryActivity, org: DirectoryOrganisation, publicUrl: string) => ({
  ...orukServiceSummary(activity, org),
  organization: orukOrganization(org),
  schedules: activity.when ? [{ id: orukId('schedule', activity.id), service_id: orukId('service', activity.id), description: activity.when }] : [],
  service_at_locations: activity.postcode ? [{ ...salFields(activity), location: orukLocation(activity) }] : [],
  phones: phones(activity),
  attributes: [categoryAttribute(activity, publicUrl)],
});

export type OrukService = ReturnType<typeof orukService>;

/** A service-at-location as `GET /service_at_locations` lists it: its service and location, one-to-one fields. */
export const orukServiceAtLocationSummary = (activity: DirectoryActivity, org: DirectoryOrganisation) => {
  const { addresses: _addresses, ...location } = orukLocation(activity);
  return { ...salFields(activity), location, service: orukServiceSummary(activity, org) };
};

/** The fully nested service-at-location: `GET /service_at_locations/{id}`. */
export const orukServiceAtLocation = (activity: DirectoryActivity, org: DirectoryOrganisation, publicUrl: string) => {
  const { service_at_locations: _sal, ...service } = orukService(activity, org, publicUrl);
  return { ...salFields(activity), location: orukLocation(activity), service };
};
