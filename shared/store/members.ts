// An organisation's people: who was invited with which role, who leads it, who was removed; each change audited on the organisation's chain.
import { AppError } from '../domain/errors.js';
import type { Role } from '../domain/roles.js';
import { auditWrite } from './audit-writes.js';
import type { Store } from './client.js';
import { keys, memberKeys } from './keys.js';
import { getOrganisation, type Actor } from './organisations.js';
import { getItem, queryAll } from './query.js';
import { TransactionConditionFailed, transactWrite } from './transact.js';

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

type Head = { auditSeq: number; auditHash: string };

const organisationHead = async (store: Store, organisationId: string): Promise<Head> => {
  const org = await getOrganisation(store, organisationId);
  if (!org) throw new AppError('not_found', `No organisation ${organisationId}.`);
  return { auditSeq: Number(org.auditSeq ?? 0), auditHash: String(org.auditHash ?? '') };
};

/** The organisation's head moves on with each member event, so two changes at once cannot both claim the same place. */
const headUpdate = (store: Store, organisationId: string, audit: ReturnType<typeof auditWrite>) => ({
  Update: {
    TableName: store.tableName,
    Key: keys.organisation(organisationId),
    UpdateExpression: 'SET auditSeq = :seq, auditHash = :hash',
    ConditionExpression: 'auditSeq = :prev',
    ExpressionAttributeValues: { ':seq': audit.headFields.auditSeq, ':hash': audit.headFields.auditHash, ':prev': audit.expectedSeq },
  },
});

export const getMember = (store: Store, organisationId: string, sub: string) =>
  getItem<Member & Record<string, unknown>>(store, memberKeys.member(organisationId, sub));

export const listMembers = async (store: Store, organisationId: string): Promise<Member[]> =>
  (
    await queryAll<Member & Record<string, unknown>>(store, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :member)',
      ExpressionAttributeValues: { ':pk': keys.organisation(organisationId).pk, ':member': 'MEMBER#' },
    })
  ).filter((m) => m.status === 'active');

/** Every active member of every organisation: what the local sign-in offers. Only for AUTH_MODE=local. */
export const listLocalUsers = async (store: Store): Promise<Member[]> =>
  (
    await queryAll<Member & Record<string, unknown>>(store, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': memberKeys.everyone() },
    })
  ).filter((m) => m.status === 'active');

/** Records a member and `member.invited`, refusing an e-mail that already has an account. */
export const addMember = async (store: Store, member: Member, by: Actor): Promise<void> => {
  const head = await organisationHead(store, member.organisationId);
  const audit = auditWrite(store.tableName, head, member.organisationId, {
    eventId: by.eventId,
    at: member.invitedAt,
    actor: by.actor,
    action: 'member.invited',
    entityId: member.organisationId,
    data: { sub: member.sub, role: member.role, lead: member.lead },
  });
  try {
    await transactWrite(store, [
      {
        Put: {
          TableName: store.tableName,
          Item: { ...memberKeys.member(member.organisationId, member.sub), gsi1pk: memberKeys.everyone(), gsi1sk: `${member.organisationId}#${member.sub}`, entity: 'member', ...member },
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :removed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':removed': 'removed' },
        },
      },
      {
        Put: {
          TableName: store.tableName,
          Item: { ...memberKeys.email(member.email), entity: 'member_email', organisationId: member.organisationId, sub: member.sub },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      headUpdate(store, member.organisationId, audit),
      { Put: audit.put },
    ]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed && (error.failedAt(0) || error.failedAt(1))) {
      throw new AppError('validation_failed', '/email: this person already has an account', { cause: error, errors: [{ path: '/email', message: 'This person already has an account' }] });
    }
    if (error instanceof TransactionConditionFailed) throw new AppError('unavailable', 'The organisation changed meanwhile; please try again.', { cause: error });
    throw error;
  }
};

/** Marks a member removed and records `member.removed`; the e-mail may be invited again. */
export const removeMember = async (store: Store, member: Member, by: Actor & { at: string }): Promise<Member> => {
  const head = await organisationHead(store, member.organisationId);
  const audit = auditWrite(store.tableName, head, member.organisationId, {
    eventId: by.eventId,
    at: by.at,
    actor: by.actor,
    action: 'member.removed',
    entityId: member.organisationId,
    data: { sub: member.sub, role: member.role },
  });
  try {
    await transactWrite(store, [
      {
        Update: {
          TableName: store.tableName,
          Key: memberKeys.member(member.organisationId, member.sub),
          UpdateExpression: 'SET #status = :removed, removedAt = :at, removedBy = :by',
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':removed': 'removed', ':active': 'active', ':at': by.at, ':by': by.actor },
        },
      },
      { Delete: { TableName: store.tableName, Key: memberKeys.email(member.email) } },
      headUpdate(store, member.organisationId, audit),
      { Put: audit.put },
    ]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failedAt(0)) throw new AppError('not_found', `No member ${member.sub}.`, { cause: error });
    if (error instanceof TransactionConditionFailed) throw new AppError('unavailable', 'The organisation changed meanwhile; please try again.', { cause: error });
    throw error;
  }
  return { ...member, status: 'removed', removedAt: by.at, removedBy: by.actor };
};
