// UK postcodes: parsing a full postcode or a district, and the distance between two districts.
import { isValid, toNormalised, toOutcode, validOutcode } from 'postcode';
import { DISTRICT_POSITIONS } from './postcode-districts.js';

/** `me4 4qu` → `ME4 4QU`; undefined when it is not a UK postcode. */
export const normalisePostcode = (value: string): string | undefined => (isValid(value) ? (toNormalised(value) ?? undefined) : undefined);

/** The district (outward code) of a full postcode or of a district on its own: `ME4 4QU` and `me4` → `ME4`. */
export const postcodeDistrict = (value: string): string | undefined => {
  const trimmed = value.trim().toUpperCase();
  if (isValid(trimmed)) return toOutcode(trimmed) ?? undefined;
  return validOutcode(trimmed) ? trimmed : undefined;
};

/** Whether the shipped table knows where a district is. */
export const isKnownDistrict = (district: string): boolean => district in DISTRICT_POSITIONS;

const EARTH_RADIUS_KM = 6371;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in km between two districts' positions, to 0.1 km; undefined if either is unknown. */
export const districtDistanceKm = (from: string, to: string): number | undefined => {
  const a = DISTRICT_POSITIONS[from];
  const b = DISTRICT_POSITIONS[to];
  if (!a || !b) return undefined;
  const dLat = radians(b[0] - a[0]);
  const dLon = radians(b[1] - a[1]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a[0])) * Math.cos(radians(b[0])) * Math.sin(dLon / 2) ** 2;
  return Math.round(2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h)) * 10) / 10;
};
