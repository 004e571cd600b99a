// Who the caller acts for: the organisation a policy compares with the item's owners.
import { AppError } from '../errors.js';
import type { Principal } from '../roles.js';

/** The caller's organisation; users without one cannot act for an organisation (403). */
export const organisationOf = (principal: Principal): string => {
  if (!principal.organisationId) throw new AppError('forbidden', 'Your account is not linked to an organisation.');
  return principal.organisationId;
};

/** Whether the caller belongs to `organisationId` (never true for a user with no organisation). */
export const belongsTo = (principal: Principal, organisationId: string | undefined): boolean =>
  principal.organisationId !== undefined && principal.organisationId === organisationId;
