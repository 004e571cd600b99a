// Names for the people behind a page of audit events: every member ever recorded (removed ones too) and their organisations' names, in two reads.
import * as z from 'zod';
import { isSystemActor, type NamedPerson } from '../domain/actor-names.js';
import { ROLES } from '../domain/roles.js';
import type { Store } from './client.js';
import { entity } from './entity.js';
import { memberKeys } from './keys.js';
import { organisationsByIds } from './organisations.js';
import { queryAll } from './query.js';

/** Only what naming needs: the projection below reads these attributes and no others. */
const memberName = entity(
  'member',
  z.object({
    organisationId: z.string(),
    sub: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    status: z.enum(['active', 'removed']),
  }),
);

const PROJECTION = {
  ProjectionExpression: '#org, #sub, #email, #role, #status',
  ExpressionAttributeNames: { '#org': 'organisationId', '#sub': 'sub', '#email': 'email', '#role': 'role', '#status': 'status' },
};

/**
 * The person behind each of `actors` that has a member record, by sign-in id.
 *
 * A member's key needs its organisation, which an event does not carry, so the people are read
 * from the one index partition that holds everyone (one Query, a page per MB: a few hundred
 * members fit in one), then the organisations of those who acted on this page in one BatchGetItem.
 * The platform's own actors need no read; a page with none of anyone else asks nothing at all.
 */
export const namesOfActors = async (store: Store, actors: readonly string[]): Promise<Map<string, NamedPerson>> => {
  const wanted = new Set(actors.filter((actor) => !isSystemActor(actor)));
  if (wanted.size === 0) return new Map();
  const everyone = await queryAll(store, memberName, { ...memberKeys.everyone(), ...PROJECTION });
  const acted = everyone.filter((m) => wanted.has(m.sub));
  const organisations = await organisationsByIds(store, acted.map((m) => m.organisationId));
  return new Map(
    acted.map((m) => [
      m.sub,
      { email: m.email, role: m.role, organisationName: organisations.get(m.organisationId)?.name ?? m.organisationId, removed: m.status === 'removed' },
    ]),
  );
};
