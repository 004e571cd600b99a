// What the web service needs from its composition root: the API to call, how people sign in, and keys.

/** The signed-in person as the API's verifier reads them from a token. */
export interface WebPrincipal {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly organisationId: string | undefined;
}

/** The API's own token verifier (the same JWKS as the API), passed in so the web has no second copy. */
export interface WebTokenVerifier {
  verify(token: string): Promise<WebPrincipal>;
}

/** A demo user the local sign-in page lists (what `seedDemoData` returns). */
export interface DemoUser {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly organisation?: string | undefined;
  readonly description: string;
  /** What this demo user is for, shown under their button on the sign-in page only (not in the header). */
  readonly hint?: string;
}

/** Cognito's hosted UI: authorisation-code flow with PKCE, for the public web client (no secret). */
export interface CognitoSettings {
  /** e.g. `https://pay-on-prescription.auth.eu-west-2.amazoncognito.com` */
  readonly domain: string;
  readonly clientId: string;
}

export type ApiCall = (path: string, init?: RequestInit) => Response | Promise<Response>;

export interface WebOptions {
  /** The v1 API, called in-process (`(path, init) => apiApp.request(path, init)`). */
  readonly api: ApiCall;
  readonly verifier: WebTokenVerifier;
  readonly auth: { readonly mode: 'local'; readonly demoUsers: () => readonly DemoUser[] } | { readonly mode: 'cognito'; readonly cognito: CognitoSettings };
  /** 32 bytes that encrypt the session cookies; the same in every instance of a deployment. */
  readonly sessionKey: Uint8Array;
  /** Where people reach the service, e.g. `http://localhost:3000`; decides the Secure cookie flag and the OAuth callback. */
  readonly publicUrl: string;
  readonly clock?: () => Date;
  /** Outbound HTTP for Cognito's token endpoint; tests pass their own. */
  readonly fetch?: typeof fetch;
}

/** A working day: a session started at 08:00 lasts until 17:00, however often its token is refreshed. */
export const SESSION_HOURS = 9;
