// Issue 12 must-show 6: each role's home page and the commissioner's dashboard, render time against the time of the API calls it makes.
import { AsyncLocalStorage } from 'node:async_hooks';
import { cookieJar } from '../functions/web/test-support.js';
import type { ApiCall } from '../functions/web/options.js';
import { seedDemoData } from '../local/seed/seed.js';
import type { BenchApp } from './platform.js';
import { profiled } from './profile.js';
import { coveredMs, percentile, time } from './stats.js';
import { benchRow, figure, type TableEntry } from './table.js';

export interface PagesPlan {
  readonly warmup: number;
  readonly samples: number;
}

/** The demo user each row signs in as (the first of that role on the sign-in page), and the page it opens. */
const PAGES = [
  { measure: 'VCSE home page', role: 'vcse', path: '/' },
  { measure: 'link worker home page', role: 'link_worker', path: '/' },
  { measure: 'fund manager home page', role: 'fund_manager', path: '/' },
  { measure: 'commissioner home page', role: 'commissioner', path: '/' },
  { measure: 'admin home page', role: 'admin', path: '/' },
  { measure: 'commissioner spend dashboard', role: 'commissioner', path: '/spend' },
] as const;

/** The API calls of the page request being timed: each call's start and end, read from the request's own async context. */
const calls = new AsyncLocalStorage<[number, number][]>();

/** Wraps the web app's `api` option so every call a page makes is timed as it makes it. */
export const timedApi =
  (api: ApiCall): ApiCall =>
  async (path, init) => {
    const started = performance.now();
    const response = await api(path, init);
    calls.getStore()?.push([started, performance.now()]);
    return response;
  };

/** Signs in as `sub` through the local sign-in page, as a browser would; returns the session's Cookie header. */
const signIn = async (bench: BenchApp, sub: string): Promise<string> => {
  const jar = cookieJar();
  const page = jar.take(await bench.app.request('/sign-in'));
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!csrf) throw new Error('Bench: the sign-in page has no CSRF token');
  const form = new URLSearchParams({ _csrf: csrf, sub, returnTo: '/' });
  const done = jar.take(await bench.app.request('/sign-in', { method: 'POST', body: form, headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' } }));
  if (done.status !== 303 || done.headers.get('location') !== '/') throw new Error(`Bench: signing in as ${sub} answered ${done.status} to ${done.headers.get('location')}`);
  return jar.header();
};

/** One page request: the whole render (read to the last byte) and the time its API calls covered. */
const openPage = async (bench: BenchApp, path: string, cookie: string) => {
  const intervals: [number, number][] = [];
  const { ms } = await calls.run(intervals, () =>
    time(async () => {
      const response = await bench.app.request(path, { headers: { cookie } });
      const html = await response.text();
      if (response.status !== 200 || !html.includes('</html>')) throw new Error(`Bench: ${path} answered ${response.status}`);
    }),
  );
  return { pageMs: ms, apiMs: coveredMs(intervals), apiCalls: intervals.length };
};

/** `bench` must be built with `timedApi` around its web app's API. Seeds the demo data, as `npm start` does. */
export const measurePages = async (bench: BenchApp, plan: PagesPlan): Promise<TableEntry[]> => {
  await bench.listen();
  const seeded = await seedDemoData(bench.deps);
  bench.demoUsers = seeded.users;
  await bench.deps.payouts?.idle();
  const visits: ((typeof PAGES)[number] & { cookie: string; page: number[]; api: number[]; calls: number })[] = [];
  for (const page of PAGES) {
    const user = seeded.users.find((u) => u.roles[0] === page.role);
    if (!user) throw new Error(`Bench: the demo data has no ${page.role}`);
    visits.push({ ...page, cookie: await signIn(bench, user.sub), page: [], api: [], calls: 0 });
  }
  // Round-robin over the pages, so the machine's load falls on each alike.
  await profiled('pages', async () => {
    for (let i = 0; i < plan.warmup + plan.samples; i += 1) {
      for (const visit of visits) {
        const sample = await openPage(bench, visit.path, visit.cookie);
        if (i < plan.warmup) continue;
        visit.page.push(sample.pageMs);
        visit.api.push(sample.apiMs);
        visit.calls = sample.apiCalls;
      }
    }
  });
  return visits.flatMap((visit): TableEntry[] => {
    const name = `${visit.measure} (${visit.path})`;
    if (visit.calls === 0) {
      const alone = `p50 ${figure(percentile(visit.page, 50), 'ms')}, p95 ${figure(percentile(visit.page, 95), 'ms')}`;
      return [{ measure: name, text: `makes no API call, so no ratio: the page alone takes ${alone}` }];
    }
    return ([50, 95] as const).map((p) =>
      benchRow({
        measure: `${name} p${p} ÷ its API calls`,
        unit: 'ms',
        project: percentile(visit.page, p),
        floor: percentile(visit.api, p),
        goal: 1.2,
        ...(p === 50 ? { note: `${visit.calls} API call(s) a visit, ${plan.samples} visits; the floor is the time those calls took (overlapping calls counted once)` } : {}),
      }),
    );
  });
};
