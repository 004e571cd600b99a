// The pages shown when a read fails: not found, not allowed, or the service is having trouble.
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { PageError } from '../api-client.js';
import { endSessionWithNotice } from '../auth/signed-out-notice.js';
import { render } from '../components/page.js';
import type { WebEnv } from '../env.js';

export const notFoundPage: NotFoundHandler<WebEnv> = (c) =>
  render(
    c,
    { title: 'Page not found', status: 404 },
    <>
      <h1>Page not found</h1>
      <p>If you typed the web address, check it is correct.</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </>,
  );

/** A form without this session's CSRF token: nothing was sent, and the person is told how to carry on. */
export const formRefused = (c: Context<WebEnv>) =>
  render(
    c,
    { title: 'This form could not be sent', status: 403 },
    <>
      <h1>This form could not be sent</h1>
      <p>Nothing has been changed. The page may have been open in another window when you signed in again. Go back, reload the page and try again.</p>
    </>,
  );

/**
 * Where a refused form's sender goes back to after signing in: the page the form was on (a form's own
 * path often answers only POST, so it would be "Page not found"), else the home page. Only the
 * path is taken; the sign-in page accepts nothing but a path on this service anyway.
 */
const formPage = (c: Context<WebEnv>): string => {
  const referer = c.req.header('referer');
  if (!referer) return '/';
  try {
    const { pathname, search } = new URL(referer);
    return pathname + search;
  } catch {
    return '/';
  }
};

export const errorPage: ErrorHandler<WebEnv> = async (error, c) => {
  if (error instanceof PageError) {
    const { status, detail } = error.problem;
    if (status === 401) {
      // The API no longer accepts this session's token (the person was removed, or their role changed):
      // end the session and say why on the sign-in page, rather than sending the same token again.
      if (c.get('session')) await endSessionWithNotice(c, c.get('options'), detail);
      const reading = c.req.method === 'GET' || c.req.method === 'HEAD';
      return c.redirect(`/sign-in?returnTo=${encodeURIComponent(reading ? c.req.path : formPage(c))}`, reading ? 302 : 303);
    }
    if (status === 404) {
      return render(c, { title: 'Page not found', status: 404 }, <><h1>Page not found</h1><p>{detail}</p><p><a href="/">Go to the home page</a></p></>);
    }
    if (status === 403) {
      return render(c, { title: 'You cannot use this page', status: 403 }, <><h1>You cannot use this page</h1><p>{detail}</p><p><a href="/">Go to the home page</a></p></>);
    }
  }
  console.error('web page failed', { path: c.req.path, error });
  return render(
    c,
    { title: 'Sorry, there is a problem with the service', status: 500 },
    <>
      <h1>Sorry, there is a problem with the service</h1>
      <p>Try again later. Nothing you sent has been lost: if you were sending a form, check whether it went through before sending it again.</p>
    </>,
  );
};
