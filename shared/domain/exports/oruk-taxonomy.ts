// The activity categories as an Open Referral UK taxonomy: the project's own vocabulary, named and
// versioned, each category a term. Why our own and not a published one: docs/opendata.md.
import { ACTIVITY_CATEGORIES, type ActivityCategory } from '../organisation.js';
import { orukId } from './oruk-ids.js';

export const TAXONOMY_KEY = 'activity-categories';
export const TAXONOMY_NAME = 'Pay on Prescription social prescribing activity categories';
export const TAXONOMY_VERSION = '1';

/** What each category covers, in the words a link worker would use to choose one. */
export const CATEGORY_DESCRIPTIONS: Readonly<Record<ActivityCategory, string>> = {
  physical_activity: 'Walking groups, exercise classes, sport and other ways to be more active.',
  weight_management: 'Support to reach and keep a healthy weight, including healthy eating and cooking.',
  falls_prevention: 'Strength and balance classes and advice that lower the risk of falls.',
  stop_smoking: 'Support to stop smoking or vaping.',
  arts: 'Art, music, singing, drama, crafts and creative groups.',
  gardening: 'Community gardens, allotments and green activities outdoors.',
  befriending: 'Regular contact with a volunteer or group, for people who are lonely or isolated.',
  volunteering: 'Opportunities to volunteer, build confidence and meet people.',
  group_learning: 'Courses, classes and learning in a group.',
  benefits_and_debt_advice: 'Advice on benefits, debt, money and bills.',
  housing: 'Advice and support with housing, tenancies and homelessness.',
  mental_health_support: 'Peer support, talking groups and wellbeing activities for mental health.',
  carers_support: 'Support, breaks and advice for unpaid carers.',
  home_safety: 'Home safety checks, adaptations and help to stay safe and warm at home.',
  other: 'Other community activities and support that do not fit another category.',
};

/** A category's label as people say it: "benefits_and_debt_advice" → "Benefits and debt advice". */
export const categoryLabel = (category: ActivityCategory | string): string => {
  const words = category.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const base = (publicUrl: string) => `${publicUrl.replace(/\/$/, '')}/openreferral`;

export const taxonomyId = (): string => orukId('taxonomy', TAXONOMY_KEY);
export const taxonomyTermId = (category: string): string => orukId('taxonomy-term', category);

/** One term in the shape of ORUK's taxonomy_term (id, name and description are required). */
export const orukTaxonomyTerm = (category: ActivityCategory, publicUrl: string) => ({
  id: taxonomyTermId(category),
  name: categoryLabel(category),
  description: CATEGORY_DESCRIPTIONS[category],
  taxonomy: TAXONOMY_NAME,
  taxonomy_id: taxonomyId(),
  term: categoryLabel(category),
  term_uri: `${base(publicUrl)}/taxonomy_terms/${taxonomyTermId(category)}`,
});

export type OrukTaxonomyTerm = ReturnType<typeof orukTaxonomyTerm>;

export const orukTaxonomyTerms = (publicUrl: string): OrukTaxonomyTerm[] => ACTIVITY_CATEGORIES.map((c) => orukTaxonomyTerm(c, publicUrl));

/** The taxonomy itself; `withTerms` for the single-taxonomy endpoint, which nests its terms. */
export const orukTaxonomy = (publicUrl: string, withTerms: boolean) => ({
  id: taxonomyId(),
  name: TAXONOMY_NAME,
  description:
    'The kinds of activity a link worker can refer a resident to through Pay on Prescription, following the range of social prescribing activities described in OHID’s "Social prescribing: applying All Our Health".',
  uri: `${base(publicUrl)}/taxonomies/${taxonomyId()}`,
  version: TAXONOMY_VERSION,
  ...(withTerms ? { taxonomy_terms: orukTaxonomyTerms(publicUrl) } : {}),
});

/** The category an ORUK term id names, if it is one of ours. */
export const categoryOfTerm = (termId: string): ActivityCategory | undefined => ACTIVITY_CATEGORIES.find((c) => taxonomyTermId(c) === termId);
