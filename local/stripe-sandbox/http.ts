// node:http plumbing for the sandbox: reading bodies, writing JSON, holding or dropping a connection.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Stripe refuses bodies this large long before; the cap only protects the sandbox. */
const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-cache, no-store',
  });
  res.end(text);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { Location: location, 'Content-Length': '0' });
  res.end();
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/**
 * Never answers: the client's own timeout fires first. The socket is destroyed when the client goes
 * away, or after `holdMs` at the latest, so nothing lingers.
 */
export function hold(req: IncomingMessage, holdMs: number): void {
  const socket = req.socket;
  const timer = setTimeout(() => socket.destroy(), holdMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

/** Drops the TCP connection without a response, as a network failure would. */
export function dropConnection(req: IncomingMessage): void {
  req.socket.destroy();
}

/** The API key from `Authorization: Bearer sk_…` or curl's `-u sk_…:` (Basic auth). */
export function apiKeyFrom(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const [scheme, value = ''] = header.split(/\s+/, 2);
  if (/^bearer$/i.test(scheme ?? '')) return value.trim() || null;
  if (/^basic$/i.test(scheme ?? '')) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded.split(':', 1)[0] || null;
  }
  return null;
}

export function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}
