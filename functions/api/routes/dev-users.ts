// GET /v1/dev/users (AUTH_MODE=local only): the people the local sign-in offers, demo users and everyone invited since.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ROLES } from '../../../shared/domain/roles.js';
import { listLocalUsers } from '../../../shared/store/members.js';
import type { AppEnv } from '../../runtime/env.js';
import { jsonResponse } from '../schemas/common.js';

export const DEV_USERS_PATH = '/v1/dev/users';

const LocalUserSchema = z
  .object({ sub: z.string(), roles: z.array(z.enum(ROLES)), organisationId: z.string(), email: z.string(), lead: z.boolean() })
  .openapi('LocalUser');

const users = createRoute({
  method: 'get',
  path: DEV_USERS_PATH,
  tags: ['Local development'],
  summary: 'Everyone the local sign-in can issue a token for (exists only with AUTH_MODE=local)',
  description: 'Pass any entry’s sub, roles and organisationId to POST /v1/dev/token.',
  responses: { 200: jsonResponse(z.object({ items: z.array(LocalUserSchema) }).openapi('LocalUserList'), 'Local users') },
});

/** Mounted only beside the local issuer, so in AWS the path does not exist. */
export const devUserRoutes = new OpenAPIHono<AppEnv>().openapi(users, async (c) => {
  const members = await listLocalUsers(c.get('deps').store);
  return c.json({ items: members.map((m) => ({ sub: m.sub, roles: [m.role], organisationId: m.organisationId, email: m.email, lead: m.lead })) }, 200);
});
