// Distances for the Open Referral UK API's postcode proximity: from the asked-for postcode district to
// each activity's, by the district positions the directory already uses.
import { DISTRICT_POSITIONS } from '../postcode-districts.js';
import { districtDistanceKm, districtOf } from '../postcodes.js';
import type { DistanceKm } from './oruk-query.js';

/** Distances in km from `district`, or undefined when the shipped table cannot place it. */
export const distancesFrom = (district: string): DistanceKm | undefined => {
  if (!(district in DISTRICT_POSITIONS)) return undefined;
  return (activity) => (activity.postcode ? districtDistanceKm(district, districtOf(activity.postcode)) : undefined);
};
