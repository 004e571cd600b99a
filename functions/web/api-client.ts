// Calls the v1 API in-process with the signed-in person's token: every rule, refusal and message lives there.
import type { Context } from 'hono';
import type { WebEnv } from './env.js';

export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors?: readonly { path: string; message: string }[];
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; problem: Problem };

/** A GET whose failure ends the page: the error page explains it (not found, not allowed, unavailable). */
export class PageError extends Error {
  override readonly name = 'PageError';
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

const toProblem = async (response: Response): Promise<Problem> => {
  const body = (await response.json().catch(() => ({}))) as Partial<Problem> & { message?: string };
  return {
    status: response.status,
    code: body.code ?? 'internal',
    title: body.title ?? 'Something went wrong',
    detail: body.detail ?? body.message ?? 'The service could not do this just now.',
    ...(body.errors ? { errors: body.errors } : {}),
  };
};

export const callApi = async <T>(c: Context<WebEnv>, method: string, path: string, options: { body?: unknown; idempotencyKey?: string } = {}): Promise<ApiResult<T>> => {
  const session = c.get('session');
  const headers: Record<string, string> = {};
  if (session) headers.authorization = `Bearer ${session.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const response = await c.get('options').api(path, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  if (response.ok) return { ok: true, status: response.status, data: (await response.json()) as T };
  const problem = await toProblem(response);
  // The session's token no longer works, for a read or a form alike: the page ends and the error page signs the person out.
  if (response.status === 401 && session) throw new PageError(problem);
  return { ok: false, status: response.status, problem };
};

/** A read the page cannot do without. */
export const getOrFail = async <T>(c: Context<WebEnv>, path: string): Promise<T> => {
  const result = await callApi<T>(c, 'GET', path);
  if (!result.ok) throw new PageError(result.problem);
  return result.data;
};

/** A read the page can do without (a route not yet deployed, or one the role may not use). */
export const getOrUndefined = async <T>(c: Context<WebEnv>, path: string): Promise<T | undefined> => {
  const result = await callApi<T>(c, 'GET', path);
  return result.ok ? result.data : undefined;
};

/** The raw response, for downloads passed through to the browser. */
export const fetchRaw = async (c: Context<WebEnv>, path: string): Promise<Response> => {
  const session = c.get('session');
  const response = await c.get('options').api(path, { headers: session ? { authorization: `Bearer ${session.token}` } : {} });
  if (response.status === 401 && session) throw new PageError(await toProblem(response));
  return response;
};

export const query = (params: Record<string, string | number | undefined>): string => {
  const entries = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString()}` : '';
};
