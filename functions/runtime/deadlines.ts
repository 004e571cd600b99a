// How long a caller waits: the deadline each request or Lambda invocation puts on the store's retries.
import { deadlineIn, type Deadline } from '../../shared/retry/retry.js';

/** Outside Lambda (npm start, tests) a request gets this long, inside the API's 30 s gateway timeout. */
export const REQUEST_BUDGET_MS = 25_000;
/** Kept back from a Lambda's remaining time, so a retry never runs into the function's own timeout. */
export const LAMBDA_MARGIN_MS = 3_000;

/** What the Lambda runtime's context offers that a deadline needs. */
export interface RemainingTime {
  getRemainingTimeInMillis(): number;
}

/** The Lambda's remaining time less the margin. */
export const lambdaDeadline = (context: RemainingTime, now: number = Date.now()): Deadline =>
  deadlineIn(context.getRemainingTimeInMillis() - LAMBDA_MARGIN_MS, now);

/** A request's deadline: the Lambda's when it runs in one (hono/aws-lambda passes its context), else the fixed budget. */
export const requestDeadline = (lambdaContext: RemainingTime | undefined, now: number = Date.now(), budgetMs: number = REQUEST_BUDGET_MS): Deadline =>
  lambdaContext ? lambdaDeadline(lambdaContext, now) : deadlineIn(budgetMs, now);
