// The activity directory as Open Referral UK (3.0, built on HSDS 3.0): each activity a service of
// its VCSE organisation, its postcode a location's physical address, its category a taxonomy term.
// The shape is ORUK's paginated `GET /services` response with each service fully nested, which is
// what councils' and ICBs' directory tools import.
import { createHash } from 'node:crypto';
import type { Activity, ActivityCategory, Organisation } from '../organisation.js';

/** ORUK ids are UUIDs; ours are not, so each is mapped to a stable name-based (version 5 style) UUID. */
export const orukId = (kind: string, id: string): string => {
  const hex = createHash('sha1').update(`pay-on-prescription:${kind}:${id}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
};

export const ORUK_TAXONOMY = 'Pay on Prescription activity categories';

/** A category's label as people say it: "benefits_and_debt_advice" → "Benefits and debt advice". */
export const categoryLabel = (category: ActivityCategory | string): string => {
  const words = category.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export type DirectoryOrganisation = Pick<Organisation, 'id' | 'name' | 'charityNumber' | 'companyNumber'>;

const organisationIdentifiers = (org: DirectoryOrganisation) => [
  ...(org.charityNumber ? [{ id: orukId('org-identifier-chc', org.id), identifier_scheme: 'GB-CHC', identifier_type: 'Charity number', identifier: org.charityNumber }] : []),
  ...(org.companyNumber ? [{ id: orukId('org-identifier-coh', org.id), identifier_scheme: 'GB-COH', identifier_type: 'Company number', identifier: org.companyNumber }] : []),
];

export const orukOrganization = (org: DirectoryOrganisation) => ({
  id: orukId('organization', org.id),
  name: org.name,
  description: `${org.name} is a voluntary, community and social enterprise (VCSE) organisation taking social-prescribing referrals.`,
  organization_identifiers: organisationIdentifiers(org),
});

const taxonomyTerm = (category: string) => ({ id: orukId('taxonomy-term', category), term: categoryLabel(category), taxonomy: ORUK_TAXONOMY });

/**
 * A postcode is all we hold of an address, so the other parts HSDS requires are empty strings rather
 * than guesses; the directory that imports this can geocode the postcode.
 */
const serviceAtLocations = (activity: Activity) =>
  activity.postcode
    ? [
        {
          id: orukId('service-at-location', activity.id),
          location: {
            id: orukId('location', activity.id),
            name: activity.name,
            addresses: [
              {
                id: orukId('address', activity.id),
                address_1: '',
                city: '',
                state_province: '',
                postal_code: activity.postcode,
                country: 'GB',
                address_type: 'physical',
              },
            ],
          },
        },
      ]
    : [];

export const orukService = (activity: Activity, org: DirectoryOrganisation, publicUrl: string) => ({
  id: orukId('service', activity.id),
  name: activity.name,
  description: activity.description ?? activity.name,
  url: `${publicUrl.replace(/\/$/, '')}/v1/activities?organisationId=${encodeURIComponent(org.id)}`,
  status: 'active',
  last_modified: activity.createdAt,
  organization: orukOrganization(org),
  service_at_locations: serviceAtLocations(activity),
  attributes: [
    {
      id: orukId('attribute', activity.id),
      link_id: orukId('service', activity.id),
      link_type: 'category',
      taxonomy_term_id: orukId('taxonomy-term', activity.category),
      taxonomy_term: taxonomyTerm(activity.category),
    },
  ],
});

export type OrukService = ReturnType<typeof orukService>;

/** The whole directory as one ORUK page; activities whose organisation is missing are left out. */
export const orukDirectory = (activities: readonly Activity[], organisations: ReadonlyMap<string, DirectoryOrganisation>, publicUrl: string) => {
  const contents = activities.flatMap((a) => {
    const org = organisations.get(a.organisationId);
    return org ? [orukService(a, org, publicUrl)] : [];
  });
  return {
    total_items: contents.length,
    total_pages: 1,
    page_number: 1,
    size: contents.length,
    first_page: true,
    last_page: true,
    empty: contents.length === 0,
    contents,
  };
};
