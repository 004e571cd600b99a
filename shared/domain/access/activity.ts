// Who may change an activity: its own organisation's VCSE users; anyone else's activity stays unseen.
import { AppError } from '../errors.js';
import { hasRole, type Principal } from '../roles.js';
import { belongsTo } from './principal.js';

/** The activity if the caller may change it: a VCSE user (else 403) of its organisation (else 404, as for none). */
export const ownActivityOf = <A extends { organisationId: string }>(principal: Principal, activity: A | undefined, activityId: string): A => {
  if (!hasRole(principal, 'vcse')) throw new AppError('forbidden', 'This needs one of these roles: vcse.');
  if (!activity || !belongsTo(principal, activity.organisationId)) throw new AppError('not_found', `No activity ${activityId} of your organisation.`);
  return activity;
};
