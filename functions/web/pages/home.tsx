// The home page: what needs doing now, for the signed-in person's role.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { getOrUndefined, query } from '../api-client.js';
import type { Fund, Organisation, Page, PayoutRun, Referral, UndeliveredEmail } from '../api-types.js';
import { render } from '../components/page.js';
import { UndeliveredWarning } from '../components/undelivered.js';
import type { WebEnv } from '../env.js';
import { count, londonDay, money } from '../format.js';

interface Task {
  readonly text: string;
  readonly href: string;
  readonly detail?: string;
}

const DAY_MS = 86_400_000;

const vcseTasks = async (c: Context<WebEnv>, organisationId: string | undefined): Promise<Task[]> => {
  const now = c.get('now');
  const [waiting, accepted, organisation] = await Promise.all([
    getOrUndefined<Page<Referral>>(c, `/v1/referrals${query({ status: 'sent', limit: 200 })}`),
    getOrUndefined<Page<Referral>>(c, `/v1/referrals${query({ status: 'accepted', limit: 200 })}`),
    organisationId ? getOrUndefined<Organisation>(c, `/v1/organisations/${organisationId}`) : undefined,
  ]);
  const sent = waiting?.items ?? [];
  const tomorrow = londonDay(new Date(now.getTime() + DAY_MS));
  const dueSoon = sent.filter((r) => r.respondBy && londonDay(new Date(r.respondBy)) <= tomorrow).length;
  const noOutcome = (accepted?.items ?? []).filter((r) => !r.outcome).length;
  const tasks: Task[] = [
    {
      text: `${count(sent.length, 'referral')} waiting for your answer${dueSoon ? `, ${dueSoon} due by tomorrow` : ''}`,
      href: '/referrals',
    },
    { text: `${count(noOutcome, 'accepted referral')} with no outcome recorded yet`, href: '/referrals#accepted' },
  ];
  if (organisation && !organisation.payoutsEnabled) tasks.push({ text: 'Set up payments so that your organisation can be paid', href: '/payments-setup' });
  tasks.push({ text: 'See what you have been paid, and what is still to come', href: '/statement' });
  return tasks;
};

const linkWorkerTasks = async (c: Context<WebEnv>): Promise<Task[]> => {
  const [sent, accepted] = await Promise.all([
    getOrUndefined<Page<Referral>>(c, `/v1/referrals${query({ status: 'sent', limit: 200 })}`),
    getOrUndefined<Page<Referral>>(c, `/v1/referrals${query({ status: 'accepted', limit: 200 })}`),
  ]);
  return [
    { text: 'Find an activity and send a referral', href: '/directory' },
    { text: `${count(sent?.items.length ?? 0, 'referral')} waiting for an answer from the organisation`, href: '/sent' },
    { text: `${count(accepted?.items.length ?? 0, 'referral')} accepted`, href: '/sent' },
  ];
};

const fundTasks = async (c: Context<WebEnv>, manager: boolean): Promise<Task[]> => {
  const funds = (await getOrUndefined<Page<Fund>>(c, '/v1/funds'))?.items ?? [];
  const tasks: Task[] = [];
  for (const fund of funds) {
    tasks.push({ text: `${fund.name}: ${money(fund.availablePence)} available of ${money(fund.totalPence)}`, href: manager ? '/fund' : '/spend' });
    if (!manager) continue;
    const runs = (await getOrUndefined<Page<PayoutRun>>(c, `/v1/funds/${fund.id}/payout-runs`))?.items ?? [];
    const sub = c.get('session')?.sub;
    const toApprove = runs.filter((r) => r.status === 'draft' && r.createdBy !== sub).length;
    const yours = runs.filter((r) => r.status === 'draft' && r.createdBy === sub).length;
    const failed = runs.filter((r) => r.status === 'paid_with_failures').length;
    if (toApprove) tasks.push({ text: `${count(toApprove, 'payment run')} waiting for your approval`, href: '/fund/runs' });
    if (yours) tasks.push({ text: `${count(yours, 'payment run')} you drafted, waiting for another fund manager to approve`, href: '/fund/runs' });
    if (failed) tasks.push({ text: `${count(failed, 'payment run')} with failed payments to retry`, href: '/fund/runs' });
  }
  if (funds.length === 0) tasks.push({ text: 'No fund to show yet', href: manager ? '/fund' : '/spend' });
  if (manager) {
    const undelivered = (await getOrUndefined<Page<UndeliveredEmail>>(c, `/v1/undelivered-emails${query({ limit: 200 })}`))?.items ?? [];
    const organisations = new Set(undelivered.map((u) => u.organisationId)).size;
    if (organisations) tasks.push({ text: `${count(organisations, 'organisation')} with e-mails that did not arrive`, href: '/organisations#undelivered' });
    tasks.push({ text: 'Check which organisations have set up payments', href: '/organisations' });
  }
  if (!manager) tasks.push({ text: 'Check the audit trail', href: '/audit' }, { text: 'Download spend data', href: '/downloads' });
  return tasks;
};

/** Only an organisation's lead may read its people, so the task appears for leads alone. */
const leadTasks = async (c: Context<WebEnv>): Promise<Task[]> => {
  const organisationId = c.get('session')?.organisationId;
  const members = organisationId ? await getOrUndefined<{ items: unknown[] }>(c, `/v1/organisations/${organisationId}/members`) : undefined;
  return members
    ? [
        { text: 'Invite or remove your organisation’s people', href: '/people' },
        { text: 'Choose where your organisation’s e-mails go', href: '/notification-settings' },
      ]
    : [];
};

const roleTasks = (c: Context<WebEnv>): Promise<Task[]> => {
  const session = c.get('session')!;
  if (session.roles.includes('admin')) return Promise.resolve([{ text: 'Organisations, and the people who can sign in to each', href: '/organisations' }, { text: 'Add an organisation', href: '/organisations/new' }]);
  if (session.roles.includes('vcse')) return vcseTasks(c, session.organisationId);
  if (session.roles.includes('link_worker')) return linkWorkerTasks(c);
  if (session.roles.includes('fund_manager')) return fundTasks(c, true);
  if (session.roles.includes('commissioner')) return fundTasks(c, false);
  return Promise.resolve([{ text: 'Read the API documentation', href: '/docs' }]);
};

const tasksFor = async (c: Context<WebEnv>): Promise<Task[]> => {
  const admin = c.get('session')!.roles.includes('admin');
  const [tasks, lead] = await Promise.all([roleTasks(c), admin ? [] : leadTasks(c)]);
  return [...tasks, ...lead];
};

/** The signed-in person's own organisation's bounced e-mails: its people are the ones who can correct the address. */
const undeliveredFor = async (c: Context<WebEnv>): Promise<UndeliveredEmail[]> => {
  const session = c.get('session')!;
  if (!session.organisationId || session.roles.includes('admin')) return [];
  const page = await getOrUndefined<Page<UndeliveredEmail>>(c, `/v1/organisations/${session.organisationId}/undelivered-emails${query({ limit: 200 })}`);
  return page?.items ?? [];
};

export const homeRoutes = new Hono<WebEnv>().get('/', async (c) => {
  const [tasks, undelivered] = await Promise.all([tasksFor(c), undeliveredFor(c)]);
  return render(
    c,
    { title: 'What needs doing now' },
    <>
      <h1>What needs doing now</h1>
      <UndeliveredWarning items={undelivered} />
      <ul class="nhsuk-list">
        {tasks.map((task) => (
          <li>
            <div class="nhsuk-card nhsuk-card--clickable">
              <div class="nhsuk-card__content">
                <h2 class="nhsuk-card__heading nhsuk-heading-s">
                  <a class="nhsuk-card__link" href={task.href}>
                    {task.text}
                  </a>
                </h2>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </>,
  );
});
