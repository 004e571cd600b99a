// What every web request carries through Hono's context.
import type { Session } from './auth/session.js';
import type { WebOptions } from './options.js';

export type WebEnv = {
  Variables: {
    options: WebOptions;
    now: Date;
    /** The signed-in person's current session, if any. */
    session: Session | undefined;
    /** A session whose working day has ended: still good for checking a late form's CSRF token. */
    endedSession: Session | undefined;
    /** Fields typed before the session ended, to fill the form in again. */
    kept: Record<string, string> | undefined;
    /** A pre-session CSRF token made during this request (signed-out forms). */
    presession: string | undefined;
  };
};
