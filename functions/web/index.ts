// The web service's public surface for the composition roots (local/start.ts, the API's Lambda entry).
export { createWebApp, WEB_PATHS } from './app.js';
export { webMount, sessionKeyFrom } from './mount.js';
export { webOptionsFromEnv } from './lambda-options.js';
export type { DemoUser, WebOptions } from './options.js';
