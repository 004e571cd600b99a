// Notify's error bodies: `{ status_code, errors: [{ error, message }] }`, with its own wording.
export class NotifyProblem extends Error {
  override readonly name = 'NotifyProblem';
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }

  toBody() {
    return { status_code: this.status, errors: [{ error: this.error, message: this.message }] };
  }
}

export const authError = (status: 401 | 403, message: string) => new NotifyProblem(status, 'AuthError', message);
export const validationError = (message: string) => new NotifyProblem(400, 'ValidationError', message);
export const badRequest = (message: string) => new NotifyProblem(400, 'BadRequestError', message);
export const noResult = () => new NotifyProblem(404, 'NoResultFound', 'No result found');
export const rateLimited = (keyType: string, limit: number, seconds: number) =>
  new NotifyProblem(429, 'RateLimitError', `Exceeded rate limit for key type ${keyType} of ${limit} requests per ${seconds} seconds`);
export const dailyLimitReached = (limit: number) => new NotifyProblem(429, 'TooManyRequestsError', `Exceeded send limits (email: ${limit}) for today`);
export const internalError = () => new NotifyProblem(500, 'Exception', 'Internal server error');
