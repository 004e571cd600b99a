// /v1/organisations/{id}/members: an admin, or the organisation's own lead, invites people by work e-mail with a role, lists and removes them.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { assertMayManageMembers, assertNotSelf } from '../../../shared/domain/access/member.js';
import { AppError } from '../../../shared/domain/errors.js';
import type { OrganisationKind } from '../../../shared/domain/organisation.js';
import { hasRole, ROLES, type Role } from '../../../shared/domain/roles.js';
import { INVITATION_OUTCOMES } from '../../../shared/identity/member-directory.js';
import { addMember, assertMayInvite, getMember, listMembers, removeMember, type Member } from '../../../shared/store/members.js';
import { getOrganisation } from '../../../shared/store/organisations.js';
import { forgetMembership, requireRole } from '../middleware/auth.js';
import type { AppEnv } from '../../runtime/env.js';
import { WorkEmailSchema } from '../schemas/contact.js';
import { commonErrors, idParam, jsonBody, jsonResponse, TimestampSchema } from '../schemas/common.js';
import { IdempotencyHeader } from '../schemas/headers.js';

/** The role each kind of organisation's people hold. */
const ROLE_FOR_KIND: Record<OrganisationKind, Role> = { vcse: 'vcse', referrer: 'link_worker', fund_manager: 'fund_manager', commissioner: 'commissioner' };

const MemberSchema = z
  .object({
    sub: z.string(),
    organisationId: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    lead: z.boolean().openapi({ description: 'A lead invites and removes the organisation’s people' }),
    status: z.enum(['active', 'removed']),
    invitedAt: TimestampSchema,
    invitedBy: z.string(),
    removedAt: TimestampSchema.nullable(),
  })
  .openapi('Member');

const Invite = z
  .strictObject({
    email: WorkEmailSchema.openapi({ description: 'Their work e-mail: in AWS, Cognito sends the invitation here', example: 'sam.jones@example.org' }),
    role: z.enum(ROLES).openapi({ description: 'The role of the organisation’s kind: vcse, link_worker (referrer), fund_manager or commissioner' }),
    lead: z.boolean().default(false),
  })
  .openapi('InviteMember');

const InvitedMemberSchema = MemberSchema.extend({
  invitation: z.enum(INVITATION_OUTCOMES).openapi({
    description:
      'What the person was sent. `emailed`: Cognito e-mailed a temporary password (a new account, or one whose password was never set). ' +
      '`password_kept`: nothing; a removed account was enabled again and they sign in with the password and authenticator app they set up before ' +
      '(or reset the password with “Forgot your password?”). `none`: locally, where nothing is e-mailed.',
  }),
}).openapi('InvitedMember');

const SubParam = idParam('org').extend({
  sub: z.string().min(1).max(128).regex(/^[\w-]+$/, 'must be a member’s id').openapi({ param: { name: 'sub', in: 'path' } }),
});

const present = (m: Member) => ({
  sub: m.sub,
  organisationId: m.organisationId,
  email: m.email,
  role: m.role,
  lead: m.lead,
  status: m.status,
  invitedAt: m.invitedAt,
  invitedBy: m.invitedBy,
  removedAt: m.removedAt,
});

/** The caller and the organisation whose people they may manage (see shared/domain/access/member.ts). */
const manage = async (c: Context<AppEnv>, organisationId: string) => {
  const principal = requireRole(c);
  const { store } = c.get('deps');
  // Read afresh, not from authenticate's cache: only a member who leads it now manages its people.
  const caller = principal.organisationId === organisationId ? await getMember(store, organisationId, principal.sub) : undefined;
  const callerIsLead = caller?.lead === true && caller.status === 'active';
  return { principal, organisation: assertMayManageMembers(principal, await getOrganisation(store, organisationId), organisationId, callerIsLead) };
};

const list = createRoute({
  method: 'get',
  path: '/{id}/members',
  tags: ['People'],
  summary: 'An organisation’s people (admin, or its lead)',
  security: [{ bearer: [] }],
  request: { params: idParam('org') },
  responses: { 200: jsonResponse(z.object({ items: z.array(MemberSchema) }).openapi('MemberList'), 'Its active members'), ...commonErrors },
});

const invite = createRoute({
  method: 'post',
  path: '/{id}/members',
  tags: ['People'],
  summary: 'Invite a person by work e-mail with a role (admin, or the organisation’s lead)',
  description:
    'In AWS this creates their Cognito account in the role’s group with custom:org_id, and Cognito e-mails the invitation. ' +
    'Someone removed from this organisation may be invited again, with any of its roles: their account is enabled again in the new role alone. ' +
    'An e-mail active anywhere, or removed from another organisation, is refused on /email. If the sign-in service fails part-way (503), ' +
    'inviting again finishes the job. Locally the person appears in GET /v1/dev/users.',
  security: [{ bearer: [] }],
  request: { params: idParam('org'), headers: IdempotencyHeader, ...jsonBody(Invite) },
  responses: { 201: jsonResponse(InvitedMemberSchema, 'Invited'), ...commonErrors },
});

const remove = createRoute({
  method: 'delete',
  path: '/{id}/members/{sub}',
  tags: ['People'],
  summary: 'Remove a person: they can no longer sign in (admin, or the organisation’s lead)',
  description:
    'Marks the person removed (the API refuses their tokens from then on), then disables their sign-in. Removing someone already removed repeats only the sign-in step, so a removal whose second step failed (503) is finished by sending it again.',
  security: [{ bearer: [] }],
  request: { params: SubParam },
  responses: { 200: jsonResponse(MemberSchema, 'Removed'), ...commonErrors },
});

export const memberRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => {
    const { organisation } = await manage(c, c.req.valid('param').id);
    return c.json({ items: (await listMembers(c.get('deps').store, organisation.id)).map(present) }, 200);
  })
  .openapi(invite, async (c) => {
    const { principal, organisation } = await manage(c, c.req.valid('param').id);
    const body = c.req.valid('json');
    const { store, ids, clock, members } = c.get('deps');
    const expected = ROLE_FOR_KIND[organisation.kind];
    if (body.role !== expected && !(body.role === 'admin' && hasRole(principal, 'admin'))) {
      const message = `people of a ${organisation.kind.replace('_', ' ')} organisation have the role ${expected}`;
      throw new AppError('validation_failed', `/role: ${message}`, { errors: [{ path: '/role', message }] });
    }
    if (!members) throw new AppError('unavailable', 'Inviting people is not configured on this deployment (USER_POOL_ID).');
    // Before Cognito, so a refusal changes nothing there either; addMember's condition still settles a race.
    await assertMayInvite(store, body.email, organisation.id);
    const { sub, invitation } = await members.invite({ email: body.email, role: body.role, organisationId: organisation.id });
    const now = clock();
    const member: Member = {
      organisationId: organisation.id,
      sub,
      email: body.email,
      role: body.role,
      lead: body.lead,
      status: 'active',
      invitedAt: now.toISOString(),
      invitedBy: principal.sub,
      removedAt: null,
      removedBy: null,
    };
    try {
      await addMember(store, member, { actor: principal.sub, eventId: ids('event', now) });
    } catch (error) {
      // Cognito now lets them sign in, but the table does not know them, so nobody could see or remove
      // them: take the sign-in away again. Inviting again does the whole job.
      if (!(error instanceof AppError && error.code === 'validation_failed')) {
        // Unless the write did go through and only its answer was lost: then they are invited, and stay so.
        const recorded = await getMember(store, organisation.id, sub).catch(() => undefined);
        if (recorded?.status !== 'active') {
          await members.remove({ sub, email: body.email }).catch((cleanup: unknown) =>
            c.get('logger').error('an invited person could not be signed out again after the table refused them', { sub, error: cleanup }),
          );
        }
      }
      throw error;
    } finally {
      // Whatever the table now says (even after a lost answer), this instance reads it afresh.
      forgetMembership(c, organisation.id, sub);
    }
    c.header('Location', `/v1/organisations/${organisation.id}/members/${sub}`);
    return c.json({ ...present(member), invitation }, 201);
  })
  .openapi(remove, async (c) => {
    const { id, sub } = c.req.valid('param');
    const { principal, organisation } = await manage(c, id);
    const { store, ids, clock, members } = c.get('deps');
    const member = await getMember(store, organisation.id, sub);
    if (!member) throw new AppError('not_found', `No member ${sub} of ${organisation.name}.`);
    assertNotSelf(principal, member.sub);
    if (!members) throw new AppError('unavailable', 'Removing people is not configured on this deployment (USER_POOL_ID).');
    // The table first: it is what the API checks on every request, so once it says removed the
    // person can do nothing, even if Cognito then fails. Removing again finishes Cognito's part
    // (disable and sign out are safe to repeat) and writes nothing more to the table.
    const now = clock();
    let removed = member;
    try {
      if (member.status === 'active') removed = await removeMember(store, member, { actor: principal.sub, eventId: ids('event', now), at: now.toISOString() });
    } finally {
      forgetMembership(c, organisation.id, member.sub);
    }
    await members.remove({ sub: member.sub, email: member.email });
    return c.json(present(removed), 200);
  });
