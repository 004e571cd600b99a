// One fetch handler over several apps, so an entry point serves rooms side by side (API, webhook, web pages).
import { Hono } from 'hono';

/** Anything Hono-shaped: `fetch(request, env)`. The env (hono/aws-lambda's event and context) is passed on. */
export interface Fetchable {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

export interface Mount {
  /** Whether this app answers `path`; the first that claims a path gets it. */
  readonly owns: (path: string) => boolean;
  readonly app: Fetchable;
}

/** A mount that owns exactly these paths. */
export const paths = (app: Fetchable, ...owned: readonly string[]): Mount => ({ owns: (path) => owned.includes(path), app });

/** A mount that owns every path under `prefix` (and `prefix` itself). */
export const under = (app: Fetchable, prefix: string): Mount => ({
  owns: (path) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`),
  app,
});

/**
 * Each request goes, untouched, to the first mount that owns its path, else to `fallback`. Each app
 * keeps its own middleware and error handling: the API's sign-in rule never sees the webhook.
 */
export const composeApps = (mounts: readonly Mount[], fallback: Fetchable) =>
  new Hono().all('*', (c) => (mounts.find((m) => m.owns(c.req.path))?.app ?? fallback).fetch(c.req.raw, c.env));
