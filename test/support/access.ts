// Helpers for the access policy tests: a caller with one role, and what a policy answered.
import type { Principal, Role } from '../../shared/domain/roles.js';

export const as = (role: Role, organisationId?: string): Principal => ({ sub: `${role}-user`, roles: [role], organisationId });

/** 'allowed' when `act` returns, else the code of the AppError it threw (forbidden, not_found, ...). */
export const outcomeOf = (act: () => unknown): string => {
  try {
    act();
    return 'allowed';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
};
