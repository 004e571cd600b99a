// Organisation identifiers in the org-id.guide scheme that 360Giving and spend data use.

export interface IdentifiableOrganisation {
  readonly id: string;
  readonly charityNumber: string | null;
  readonly companyNumber: string | null;
}

const compact = (value: string) => value.replace(/\s+/g, '').toUpperCase();

/**
 * GB-CHC-<number> (Charity Commission for England and Wales), GB-SC-<number> (OSCR, numbers
 * starting SC), GB-NIC-<number> (Charity Commission for Northern Ireland, NIC…), else
 * GB-COH-<company number> (Companies House). An organisation with neither gets the publisher's
 * prefix and our own id, as 360Giving's identifier guidance asks for unregistered groups.
 */
export const organisationIdentifier = (org: IdentifiableOrganisation, publisherPrefix: string): string => {
  if (org.charityNumber && compact(org.charityNumber)) {
    const number = compact(org.charityNumber);
    if (number.startsWith('SC')) return `GB-SC-${number}`;
    if (number.startsWith('NIC')) return `GB-NIC-${number.slice(3)}`;
    return `GB-CHC-${number}`;
  }
  if (org.companyNumber && compact(org.companyNumber)) return `GB-COH-${compact(org.companyNumber)}`;
  return `${publisherPrefix}-${org.id}`;
};
