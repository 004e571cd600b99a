// Arranging a journey's starting point through the API itself (as the seed does), and reading what the browser changed.
import { inject } from 'vitest';

export const base = () => inject('webBase');

export const user = (sub: string) => {
  const found = inject('demoUsers').find((u) => u.sub === sub);
  if (!found) throw new Error(`No demo user ${sub}`);
  return found;
};

export const tokenFor = async (sub: string): Promise<string> => {
  const u = user(sub);
  const response = await fetch(`${base()}/v1/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub: u.sub, roles: u.roles, ...(u.organisationId ? { organisationId: u.organisationId } : {}) }),
  });
  return ((await response.json()) as { token: string }).token;
};

export const api = async <T = Record<string, unknown>>(sub: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> => {
  const response = await fetch(`${base()}${path}`, {
    method,
    headers: { authorization: `Bearer ${await tokenFor(sub)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json().catch(() => ({}))) as T };
};

interface Activity {
  id: string;
  name: string;
  organisationId: string;
}

export const activityNamed = async (name: string): Promise<Activity> => {
  const { json } = await api<{ items: Activity[] }>('demo-link-worker', 'GET', '/v1/activities?limit=200');
  const found = json.items.find((a) => a.name === name);
  if (!found) throw new Error(`No activity ${name}`);
  return found;
};

let counter = 0;
/** A pseudonymous reference no other test uses. */
export const clientRef = (prefix: string) => `${prefix}-${Date.now().toString(36).toUpperCase()}-${++counter}`;

/** A referral sent by the demo link worker to the named activity, through the API. */
export const sendReferral = async (activityName: string, ref = clientRef('E2E')) => {
  const activity = await activityNamed(activityName);
  const { status, json } = await api<{ id: string; clientRef: string }>('demo-link-worker', 'POST', '/v1/referrals', { activityId: activity.id, clientRef: ref, source: 'gp' });
  if (status !== 201) throw new Error(`Sending a referral failed: ${status} ${JSON.stringify(json)}`);
  return json;
};

/** How the sign-in page names a demo user (their description in the start-up banner). */
export const who = (sub: string) => user(sub).description;
