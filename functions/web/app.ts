// The web service: server-rendered NHS.UK pages, each a thin client of the v1 API called in-process.
import { Hono } from 'hono';
import { assetRoutes } from './assets.js';
import { authRoutes } from './auth/routes.js';
import type { WebEnv } from './env.js';
import { errorPage, notFoundPage } from './pages/errors.js';
import { homeRoutes } from './pages/home.js';
import { infoRoutes } from './pages/info.js';
import { linkWorkerRoutes } from './pages/link-worker.js';
import { vcseRoutes } from './pages/vcse.js';
import { fundRoutes } from './pages/fund.js';
import { runRoutes } from './pages/runs.js';
import { commissionerRoutes } from './pages/commissioner.js';
import { statementRoutes } from './pages/statement.js';
import { vcseAgreementRoutes } from './pages/vcse-agreements.js';
import { vcseActivityRoutes } from './pages/vcse-activities.js';
import { organisationRoutes } from './pages/organisations.js';
import { peopleRoutes } from './pages/people.js';
import { notificationSettingsRoutes } from './pages/notification-settings.js';
import { loadSession, requireSignIn } from './guard.js';
import type { WebOptions } from './options.js';

/** Paths the web service answers; everything else belongs to the API beside it. */
export const WEB_PATHS = /^\/($|sign-in|sign-out|signed-out|auth\/|assets\/|accessibility|privacy|referrals|payments-setup|directory|sent|fund|runs|spend|audit|downloads|statement|agreements|activities|organisations|people|notification-settings)/;

export const createWebApp = (options: WebOptions) => {
  const clock = options.clock ?? (() => new Date());
  const web = new Hono<WebEnv>();
  web.route('/', assetRoutes);
  web.use('*', async (c, next) => {
    c.set('options', options);
    c.set('now', clock());
    c.header('x-frame-options', 'DENY');
    c.header('referrer-policy', 'same-origin');
    await next();
  });
  web.use('*', loadSession());
  web.route('/', authRoutes);
  web.route('/', infoRoutes);
  web.use('*', requireSignIn());
  web.route('/', homeRoutes);
  web.route('/', vcseRoutes);
  web.route('/', linkWorkerRoutes);
  web.route('/', fundRoutes);
  web.route('/', runRoutes);
  web.route('/', commissionerRoutes);
  web.route('/', statementRoutes);
  web.route('/', vcseAgreementRoutes);
  web.route('/', vcseActivityRoutes);
  web.route('/', organisationRoutes);
  web.route('/', peopleRoutes);
  web.route('/', notificationSettingsRoutes);
  web.onError(errorPage);
  web.notFound(notFoundPage);
  return web;
};

export type WebApp = ReturnType<typeof createWebApp>;
