// The membership check after a token verifies: removed or re-roled people refused in plain words, and the per-instance cache's reads, expiry, bound and forgetting.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/domain/errors.js';
import type { Principal } from '../../shared/domain/roles.js';
import type { Store } from '../../shared/store/client.js';
import type { Member } from '../../shared/store/members.js';
import { createMembershipCheck, MEMBERSHIP_TTL_MS } from '../../functions/runtime/auth/membership.js';

const ORG = 'org_V';
const active = (sub: string, extra: Partial<Member> = {}): Member => ({
  organisationId: ORG,
  sub,
  email: `${sub}@walks.example`,
  role: 'vcse',
  lead: false,
  status: 'active',
  invitedAt: '2026-11-01T09:00:00.000Z',
  invitedBy: 'admin-1',
  removedAt: null,
  removedBy: null,
  ...extra,
});
const vcse = (sub: string): Principal => ({ sub, roles: ['vcse'], organisationId: ORG });

/** A store whose only table is `members`, counting the GetItems sent (`fail` makes the next one throw). */
const fakeStore = (members: Map<string, Member>) => {
  const state = { gets: 0, fail: false };
  const doc = {
    send: async (command: { input: { Key: { pk: string; sk: string } } }) => {
      state.gets += 1;
      if (state.fail) {
        state.fail = false;
        throw new Error('ProvisionedThroughputExceededException');
      }
      const sub = command.input.Key.sk.replace(/^MEMBER#/, '');
      const member = members.get(sub);
      return { Item: member ? { ...command.input.Key, entity: 'member', ...member } : undefined };
    },
  };
  return { store: { doc, tableName: 'test' } as unknown as Store, state };
};

const refusalOf = async (promise: Promise<unknown>): Promise<AppError> => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe('Function: createMembershipCheck', () => {
  it('refuses a removed person with 401 naming the day they were removed', async () => {
    // Prepare
    const { store } = fakeStore(new Map([['sam', active('sam', { status: 'removed', removedAt: '2026-11-23T10:15:00.000Z', removedBy: 'lead' })]]));
    // Act
    const error = await refusalOf(createMembershipCheck().assertCurrent(store, vcse('sam')));
    // Assess
    expect(error.code).toBe('unauthenticated');
    expect(error.message).toBe('You were removed from this organisation’s people on 23 November 2026. Ask its lead if that is a mistake.');
  });

  it('refuses a token holding more roles than the member’s one (a group added by hand)', async () => {
    const { store } = fakeStore(new Map([['kim', active('kim')]]));
    const error = await refusalOf(createMembershipCheck().assertCurrent(store, { sub: 'kim', roles: ['vcse', 'fund_manager'], organisationId: ORG }));
    expect(error.code).toBe('unauthenticated');
    expect(error.message).toBe('Your sign-in holds more roles than your organisation gave you. Ask its lead to check your account.');
    // The same person with the one role they were given is let through.
    await expect(createMembershipCheck().assertCurrent(store, vcse('kim'))).resolves.toBeUndefined();
  });

  it('refuses a token whose groups no longer hold the member’s role (invited back in another)', async () => {
    const { store } = fakeStore(new Map([['sam', active('sam', { role: 'admin' })]]));
    const error = await refusalOf(createMembershipCheck().assertCurrent(store, vcse('sam')));
    expect(error.code).toBe('unauthenticated');
    expect(error.message).toBe('Your role has changed: sign in again.');
  });

  it('lets the token alone decide for a person with no member record, and asks nothing for one with no organisation', async () => {
    const { store, state } = fakeStore(new Map());
    const check = createMembershipCheck();
    await expect(check.assertCurrent(store, vcse('first-admin'))).resolves.toBeUndefined();
    await expect(check.assertCurrent(store, { sub: 'admin-1', roles: ['admin'], organisationId: undefined })).resolves.toBeUndefined();
    expect(state.gets).toBe(1);
  });

  it('reads a member once for requests that arrive together, and not again within the TTL', async () => {
    const { store, state } = fakeStore(new Map([['sam', active('sam')]]));
    let now = 1_000_000;
    const check = createMembershipCheck({ now: () => now });
    await Promise.all(Array.from({ length: 32 }, () => check.assertCurrent(store, vcse('sam'))));
    expect(state.gets).toBe(1);
    now += MEMBERSHIP_TTL_MS;
    await check.assertCurrent(store, vcse('sam'));
    expect(state.gets).toBe(1);
    now += 1;
    await check.assertCurrent(store, vcse('sam'));
    expect(state.gets).toBe(2);
  });

  it('sees a removal written elsewhere once the TTL has passed, and at once after forget()', async () => {
    // Prepare
    const members = new Map([['sam', active('sam')], ['kim', active('kim')]]);
    const { store } = fakeStore(members);
    let now = 1_000_000;
    const check = createMembershipCheck({ now: () => now });
    await check.assertCurrent(store, vcse('sam'));
    await check.assertCurrent(store, vcse('kim'));
    // Act: both removed in the table; only kim's removal was made by this instance.
    members.set('sam', active('sam', { status: 'removed', removedAt: '2026-11-23T10:15:00.000Z' }));
    members.set('kim', active('kim', { status: 'removed', removedAt: '2026-11-23T10:15:00.000Z' }));
    check.forget(ORG, 'kim');
    // Assess
    await expect(check.assertCurrent(store, vcse('kim'))).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(check.assertCurrent(store, vcse('sam'))).resolves.toBeUndefined();
    now += MEMBERSHIP_TTL_MS + 1;
    await expect(check.assertCurrent(store, vcse('sam'))).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('does not let a read already under way when forget() runs put its old answer back', async () => {
    // Prepare: a read held open while this instance removes the person.
    const members = new Map([['sam', active('sam')]]);
    const { store, state } = fakeStore(members);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const send = store.doc.send.bind(store.doc);
    (store.doc as { send: unknown }).send = async (command: never) => {
      const answer = await send(command);
      if (state.gets === 1) await held;
      return answer;
    };
    const check = createMembershipCheck();
    const inFlight = check.assertCurrent(store, vcse('sam'));
    // Act: removed and forgotten while the first read (which saw them active) is still out.
    members.set('sam', active('sam', { status: 'removed', removedAt: '2026-11-23T10:15:00.000Z' }));
    check.forget(ORG, 'sam');
    release();
    await inFlight;
    // Assess: the next request reads again and is refused.
    await expect(check.assertCurrent(store, vcse('sam'))).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(state.gets).toBe(2);
  });

  it('does not remember a failed read: the request fails and the next one asks again', async () => {
    const { store, state } = fakeStore(new Map([['sam', active('sam')]]));
    const check = createMembershipCheck();
    state.fail = true;
    await expect(check.assertCurrent(store, vcse('sam'))).rejects.toThrow('The database request failed.');
    await expect(check.assertCurrent(store, vcse('sam'))).resolves.toBeUndefined();
    expect(state.gets).toBe(2);
  });

  it('holds at most its bound, dropping the least recently used member first', async () => {
    const { store, state } = fakeStore(new Map([['a', active('a')], ['b', active('b')], ['c', active('c')]]));
    const check = createMembershipCheck({ maxEntries: 2 });
    for (const sub of ['a', 'b', 'a', 'c']) await check.assertCurrent(store, vcse(sub));
    expect(state.gets).toBe(3);
    await check.assertCurrent(store, vcse('a'));
    expect(state.gets).toBe(3);
    await check.assertCurrent(store, vcse('b'));
    expect(state.gets).toBe(4);
  });
});
