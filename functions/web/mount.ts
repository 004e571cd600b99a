// How the composition roots mount the web service beside the API, and the key its cookies are sealed with.
import { createHash } from 'node:crypto';
import type { Mount } from '../runtime/compose.js';
import { WEB_PATHS, type WebApp } from './app.js';

/** The web service owns its pages' paths; everything else stays with the API. */
export const webMount = (web: WebApp): Mount => ({ owns: (path) => WEB_PATHS.test(path), app: web });

/** The 32-byte cookie key from a configured secret of any length. */
export const sessionKeyFrom = (secret: string): Uint8Array => new Uint8Array(createHash('sha256').update(`pop-web-session:${secret}`).digest());
