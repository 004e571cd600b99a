// Problem+json for the Open Referral UK API (until the shared runtime's handlers land on main).
export { onError as onOpenReferralError, onNotFound as onOpenReferralNotFound } from '../api/middleware/problems.js';
export type { AppEnv as OpenReferralEnv } from '../api/env.js';
