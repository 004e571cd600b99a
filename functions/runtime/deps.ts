// What the API needs from the outside world, passed in so tests and Lambda build it differently.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { IdFactory } from '../../shared/domain/ids.js';
import type { Store } from '../../shared/store/client.js';
import type { MemberDirectory } from '../../shared/identity/member-directory.js';
import type { StripeGateway } from '../../shared/stripe/gateway.js';
import type { PayoutDispatcher } from './payouts.js';
import type { AppMetrics } from './metrics.js';
import type { LocalTokenIssuer } from './auth/local-issuer.js';
import type { MembershipCheck } from './auth/membership.js';
import type { TokenVerifier } from './auth/verifier.js';

export interface Deps {
  readonly store: Store;
  readonly logger: Logger;
  readonly verifier: TokenVerifier;
  /** After the token: is the person still a member in that role? the API's sign-in middleware makes one per app when none is given (tests give their own clock). */
  readonly membership?: MembershipCheck | undefined;
  /** Present only with AUTH_MODE=local: signs demo tokens and publishes its JWKS. */
  readonly localIssuer: LocalTokenIssuer | undefined;
  readonly idempotencyStore: BasePersistenceLayer;
  readonly clock: () => Date;
  readonly ids: IdFactory;
  readonly versions: Record<string, string>;
  /** Stripe (real, or the local sandbox); absent where payouts are not configured. */
  readonly stripe: StripeGateway | undefined;
  readonly payouts: PayoutDispatcher | undefined;
  /** Where users reach the API and web pages, for Stripe's return links. */
  readonly publicUrl: string;
  readonly metrics: AppMetrics;
  /** Where people's accounts are made: Cognito in AWS (USER_POOL_ID), the table locally; absent when neither. */
  readonly members?: MemberDirectory | undefined;
  /** Outside Lambda, how long a request may take before the store stops retrying (default REQUEST_BUDGET_MS). */
  readonly requestBudgetMs?: number | undefined;
  /** False until the table exists and demo data is seeded (npm start); absent means ready (Lambda). */
  readonly ready?: () => boolean;
}
