// The API's codes that forms offer as choices, in people's words (the API validates them; this only labels them).
export const SOURCES = [
  ['gp', 'GP practice'],
  ['pharmacy', 'Pharmacy'],
  ['mdt', 'Multidisciplinary team'],
  ['hospital_discharge', 'Hospital discharge'],
  ['ahp', 'Allied health professional'],
  ['fire', 'Fire and rescue service'],
  ['police', 'Police'],
  ['job_centre', 'Jobcentre'],
  ['social_care', 'Social care'],
  ['housing', 'Housing'],
  ['vcse', 'Voluntary or community organisation'],
  ['self', 'Self-referral'],
] as const;

export const CATEGORIES = [
  'physical_activity', 'weight_management', 'falls_prevention', 'stop_smoking', 'arts', 'gardening', 'befriending', 'volunteering',
  'group_learning', 'benefits_and_debt_advice', 'housing', 'mental_health_support', 'carers_support', 'home_safety', 'other',
] as const;

export const choices = (pairs: readonly (readonly [string, string])[], blank?: string) => [
  ...(blank ? [{ value: '', text: blank }] : []),
  ...pairs.map(([value, text]) => ({ value, text })),
];
