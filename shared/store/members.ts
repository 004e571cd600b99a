// An organisation's people: who was invited with which role, who leads it, who was removed; each change audited on the organisation's chain.
import * as z from 'zod';
import { AppError } from '../domain/errors.js';
import { ROLES, type Role } from '../domain/roles.js';
import { auditedUpdate, auditWrite } from './audit-writes.js';
import type { Store } from './client.js';
import { entity } from './entity.js';
import { keys, memberKeys } from './keys.js';
import { getOrganisation, type Actor } from './organisations.js';
import { getItem, queryAll } from './query.js';
import { named, TransactionConditionFailed, transactWrite } from './transact.js';

export interface Member {
  readonly organisationId: string;
  readonly sub: string;
  readonly email: string;
  readonly role: Role;
  /** A lead may invite and remove the organisation's people. */
  readonly lead: boolean;
  readonly status: 'active' | 'removed';
  readonly invitedAt: string;
  readonly invitedBy: string;
  readonly removedAt: string | null;
  readonly removedBy: string | null;
}

const memberEntity = entity<Member>(
  'member',
  z.looseObject({
    organisationId: z.string(),
    sub: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    lead: z.boolean(),
    status: z.enum(['active', 'removed']),
    invitedAt: z.string(),
    invitedBy: z.string(),
    removedAt: z.string().nullable(),
    removedBy: z.string().nullable(),
  }),
);

type Head = { auditSeq: number; auditHash: string };

const organisationHead = async (store: Store, organisationId: string): Promise<Head> => {
  const org = await getOrganisation(store, organisationId);
  if (!org) throw new AppError('not_found', `No organisation ${organisationId}.`);
  return { auditSeq: Number(org.auditSeq ?? 0), auditHash: String(org.auditHash ?? '') };
};

/** The next event on the organisation's chain, about one of its members. */
const memberEvent = async (store: Store, member: Member, action: string, by: Actor & { at: string }, extra: Record<string, unknown> = {}) =>
  auditWrite(store.tableName, await organisationHead(store, member.organisationId), member.organisationId, {
    eventId: by.eventId,
    at: by.at,
    actor: by.actor,
    action,
    entityId: member.organisationId,
    data: { sub: member.sub, role: member.role, ...extra },
  });

/** The organisation's head moves on with each member event, so two changes at once cannot both claim the same place. */
const headUpdate = (store: Store, organisationId: string, audit: ReturnType<typeof auditWrite>) =>
  named('organisation', auditedUpdate(store.tableName, keys.organisation(organisationId), audit));

export const getMember = (store: Store, organisationId: string, sub: string) => getItem(store, memberEntity, memberKeys.member(organisationId, sub));

export const listMembers = async (store: Store, organisationId: string): Promise<Member[]> =>
  (await queryAll(store, memberEntity, memberKeys.organisationMembers(organisationId))).filter((m) => m.status === 'active');

/** Every active member of every organisation: what the local sign-in offers. Only for AUTH_MODE=local. */
export const listLocalUsers = async (store: Store): Promise<Member[]> =>
  (await queryAll(store, memberEntity, memberKeys.everyone())).filter((m) => m.status === 'active');

/** Records a member and `member.invited`, refusing an e-mail that already has an account. */
export const addMember = async (store: Store, member: Member, by: Actor): Promise<void> => {
  const audit = await memberEvent(store, member, 'member.invited', { ...by, at: member.invitedAt }, { lead: member.lead });
  try {
    await transactWrite(store, [
      named('member', {
        Put: {
          TableName: store.tableName,
          Item: { ...memberKeys.member(member.organisationId, member.sub), ...memberKeys.indexes(member), entity: memberEntity.kind, ...member },
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :removed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':removed': 'removed' },
        },
      }),
      named('email', {
        Put: {
          TableName: store.tableName,
          Item: { ...memberKeys.email(member.email), entity: 'member_email', organisationId: member.organisationId, sub: member.sub },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }),
      headUpdate(store, member.organisationId, audit),
      { Put: audit.put },
    ]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed && (error.failed('member') || error.failed('email'))) {
      throw new AppError('validation_failed', '/email: this person already has an account', { cause: error, errors: [{ path: '/email', message: 'This person already has an account' }] });
    }
    if (error instanceof TransactionConditionFailed) throw new AppError('unavailable', 'The organisation changed meanwhile; please try again.', { cause: error });
    throw error;
  }
};

/** Marks a member removed and records `member.removed`; the e-mail may be invited again. */
export const removeMember = async (store: Store, member: Member, by: Actor & { at: string }): Promise<Member> => {
  const audit = await memberEvent(store, member, 'member.removed', by);
  try {
    await transactWrite(store, [
      named('member', {
        Update: {
          TableName: store.tableName,
          Key: memberKeys.member(member.organisationId, member.sub),
          UpdateExpression: 'SET #status = :removed, removedAt = :at, removedBy = :by',
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':removed': 'removed', ':active': 'active', ':at': by.at, ':by': by.actor },
        },
      }),
      { Delete: { TableName: store.tableName, Key: memberKeys.email(member.email) } },
      headUpdate(store, member.organisationId, audit),
      { Put: audit.put },
    ]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failed('member')) throw new AppError('not_found', `No member ${member.sub}.`, { cause: error });
    if (error instanceof TransactionConditionFailed) throw new AppError('unavailable', 'The organisation changed meanwhile; please try again.', { cause: error });
    throw error;
  }
  return { ...member, status: 'removed', removedAt: by.at, removedBy: by.actor };
};
