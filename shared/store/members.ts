// An organisation's people: who was invited with which role, who leads it, who was removed; each change audited on the organisation's chain.
import * as z from 'zod';
import { refuseInvite } from '../domain/access/member.js';
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

/**
 * One account per e-mail, as in Cognito. Removing someone keeps their guard, marked removed, so
 * the e-mail can come back to the same organisation only (Cognito's disabled user still carries its
 * custom:org_id). A guard written before removals kept it has no status and counts as active.
 */
interface MemberEmail {
  readonly organisationId: string;
  readonly sub: string;
  readonly status: 'active' | 'removed';
}

const memberEmailEntity = entity<MemberEmail>(
  'member_email',
  z.object({ organisationId: z.string(), sub: z.string(), status: z.enum(['active', 'removed']).default('active') }),
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

/** Who holds this e-mail's account, if anyone has ever been invited with it. */
const getMemberEmail = (store: Store, email: string) => getItem(store, memberEmailEntity, memberKeys.email(email));

/** Refuses, writing nothing, an e-mail that cannot be invited to this organisation: active anywhere, or removed from another. */
export const assertMayInvite = async (store: Store, email: string, organisationId: string): Promise<void> => {
  const holder = await getMemberEmail(store, email);
  if (!holder) return;
  if (holder.status === 'active') throw refuseInvite('alreadyHasAccount');
  if (holder.organisationId !== organisationId) throw refuseInvite('otherOrganisation');
};

/** Records a member and `member.invited`, refusing an e-mail that already has an account (see assertMayInvite). */
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
          Item: { ...memberKeys.email(member.email), entity: memberEmailEntity.kind, organisationId: member.organisationId, sub: member.sub, status: 'active' },
          // New, or removed from this same organisation (someone invited back).
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :removed AND organisationId = :org)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':removed': 'removed', ':org': member.organisationId },
        },
      }),
      headUpdate(store, member.organisationId, audit),
      { Put: audit.put },
    ]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed && (error.failed('member') || error.failed('email'))) throw refuseInvite('alreadyHasAccount', error);
    if (error instanceof TransactionConditionFailed) throw new AppError('unavailable', 'The organisation changed meanwhile; please try again.', { cause: error });
    throw error;
  }
};

/** Marks a member removed and records `member.removed`; the e-mail may be invited again, to this organisation. */
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
      // Kept, marked removed (see MemberEmail); an update, since the API may delete nothing but idempotency records.
      named('email', {
        Update: {
          TableName: store.tableName,
          Key: memberKeys.email(member.email),
          UpdateExpression: 'SET #status = :removed, entity = :entity, organisationId = :org, #sub = :sub',
          ExpressionAttributeNames: { '#status': 'status', '#sub': 'sub' },
          ExpressionAttributeValues: { ':removed': 'removed', ':entity': memberEmailEntity.kind, ':org': member.organisationId, ':sub': member.sub },
        },
      }),
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
