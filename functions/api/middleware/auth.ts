// Reads the bearer token on every request; routes then require a signed-in caller with a role.
import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../../../shared/domain/errors.js';
import { organisationOf } from '../../../shared/domain/access/principal.js';
import { hasRole, type Principal, type Role } from '../../../shared/domain/roles.js';
import { createMembershipCheck } from '../../runtime/auth/membership.js';
import type { AppEnv } from '../../runtime/env.js';

/**
 * Verifies the bearer token, if any, on every path but the public ones named, which ignore it; then
 * checks the person is still a member in the token's role. A token outlives a removal by up to an
 * hour (Cognito's token validity), so this is where a removed person's access ends, on every route.
 */
export const authenticate = (options: { except: readonly string[] } = { except: [] }): MiddlewareHandler<AppEnv> => {
  // Deps built without a check (tests) get this app's own, so no app using this middleware trusts a
  // token alone; it goes into each request's deps, where the people routes find it to forget a person.
  const own = createMembershipCheck();
  return async (c, next) => {
    let deps = c.get('deps');
    if (!deps.membership) c.set('deps', (deps = { ...deps, membership: own }));
    const header = c.req.header('authorization');
    if (header !== undefined && !options.except.includes(c.req.path)) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) throw new AppError('unauthenticated', 'Send the token as "Authorization: Bearer <token>".');
      const principal = await deps.verifier.verify(match[1]);
      await (deps.membership ?? own).assertCurrent(deps.store, principal);
      c.set('principal', principal);
    }
    await next();
  };
};

/** After this instance removes or invites someone: its next request as them reads their record afresh. */
export const forgetMembership = (c: Context<AppEnv>, organisationId: string, sub: string): void => {
  c.get('deps').membership?.forget(organisationId, sub);
};

/** The caller, who must be signed in and hold one of `roles` (any role when none are named). */
export const requireRole = (c: Context<AppEnv>, ...roles: Role[]): Principal => {
  const principal = c.get('principal');
  if (!principal) throw new AppError('unauthenticated', 'Sign in to use this API.');
  if (roles.length > 0 && !hasRole(principal, ...roles)) {
    throw new AppError('forbidden', `This needs one of these roles: ${roles.join(', ')}.`);
  }
  return principal;
};

/** The caller's organisation; users without one cannot act for an organisation. */
export const requireOrganisation = (principal: Principal): string => organisationOf(principal);

/**
 * Every /v1 route but the named public ones needs a signed-in caller, checked before the route
 * validates its input, so an anonymous caller learns nothing from validation errors (401, not 400).
 */
export const requireSignIn = (options: { except: readonly string[] }): MiddlewareHandler<AppEnv> => async (c, next) => {
  if (!options.except.includes(c.req.path) && !c.get('principal')) throw new AppError('unauthenticated', 'Sign in to use this API.');
  await next();
};
