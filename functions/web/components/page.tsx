// Renders a screen inside the layout, with the signed-in person, their CSRF token and the current path.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { csrfToken } from '../auth/csrf.js';
import type { WebEnv } from '../env.js';
import { Layout, type LayoutProps } from './layout.js';

export type PageProps = Omit<LayoutProps, 'session' | 'csrf' | 'path' | 'children'> & { readonly status?: ContentfulStatusCode };

export const csrfOf = (c: Context<WebEnv>) => csrfToken(c, c.get('options'), c.get('session'));

export const render = (c: Context<WebEnv>, props: PageProps, body: Child) => {
  const html = (
    <Layout {...props} session={c.get('session')} csrf={csrfOf(c)} path={c.req.path}>
      {body}
    </Layout>
  );
  c.header('cache-control', 'no-store');
  return c.html(`<!DOCTYPE html>${String(html)}`, props.status ?? 200);
};
