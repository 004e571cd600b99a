// Serves the web pages beside the API in one app: web paths go to the web service, everything else to the API.
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { WEB_PATHS } from './app.js';

interface Fetcher {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

export const withWebApp = (api: Fetcher, web: Fetcher) =>
  new Hono().all('*', (c) => (WEB_PATHS.test(c.req.path) ? web.fetch(c.req.raw, c.env) : api.fetch(c.req.raw, c.env)));

/** The 32-byte cookie key from a configured secret of any length. */
export const sessionKeyFrom = (secret: string): Uint8Array => new Uint8Array(createHash('sha256').update(`pop-web-session:${secret}`).digest());
