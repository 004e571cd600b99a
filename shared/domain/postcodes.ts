// Distances between UK postcode districts, from the shipped table of district positions.
import { DISTRICT_POSITIONS } from './postcode-districts.js';

/** The district (outward code) of a postcode in its normal form: `ME4 4QU` → `ME4`. */
export const districtOf = (normalisedPostcode: string): string => normalisedPostcode.split(' ')[0]!;

const EARTH_RADIUS_KM = 6371;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in km between two districts' positions, to 0.1 km; undefined if either is not in the table. */
export const districtDistanceKm = (from: string, to: string): number | undefined => {
  const a = DISTRICT_POSITIONS[from];
  const b = DISTRICT_POSITIONS[to];
  if (!a || !b) return undefined;
  const dLat = radians(b[0] - a[0]);
  const dLon = radians(b[1] - a[1]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a[0])) * Math.cos(radians(b[0])) * Math.sin(dLon / 2) ** 2;
  return Math.round(2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h)) * 10) / 10;
};
