import { afterEach, describe, expect, it, vi } from 'vitest';
import { seal, unseal } from './sealed.js';

const key = new Uint8Array(32).fill(7);
const otherKey = new Uint8Array(32).fill(9);
const session = { sub: 'vcse-1', roles: ['vcse'], csrf: 'token' };

/** One character of the ciphertext changed: the sealed value's third part. */
const altered = (value: string): string => {
  const parts = value.split('.');
  const cipher = parts[3]!;
  parts[3] = `${cipher[0] === 'A' ? 'B' : 'A'}${cipher.slice(1)}`;
  return parts.join('.');
};

describe('sealed cookie values, opened again from memory', () => {
  afterEach(() => vi.useRealTimers());

  it('opens the same value twice to the same facts', async () => {
    const value = await seal(session, key, 3600, 'pop_session');
    expect(await unseal(value, key, 'pop_session')).toMatchObject(session);
    expect(await unseal(value, key, 'pop_session')).toMatchObject(session);
  });

  it('still refuses an altered value, another purpose or another key after the real one was opened', async () => {
    const value = await seal(session, key, 3600, 'pop_session');
    await unseal(value, key, 'pop_session');
    expect(await unseal(altered(value), key, 'pop_session')).toBeUndefined();
    expect(await unseal(value, key, 'pop_pending')).toBeUndefined();
    expect(await unseal(value, otherKey, 'pop_session')).toBeUndefined();
  });

  it('refuses a value past its lifetime even though it was opened while current', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-23T09:00:00Z'), toFake: ['Date'] });
    const value = await seal(session, key, 60, 'pop_session');
    expect(await unseal(value, key, 'pop_session')).toMatchObject(session);
    vi.setSystemTime(new Date('2026-11-23T09:01:01Z'));
    expect(await unseal(value, key, 'pop_session')).toBeUndefined();
  });

  it('gives facts that cannot be changed in place for the next request', async () => {
    const value = await seal(session, key, 3600, 'pop_session');
    const opened = await unseal<Record<string, unknown>>(value, key, 'pop_session');
    expect(() => {
      opened!.sub = 'someone-else';
    }).toThrow(TypeError);
    expect(() => (opened!.roles as string[]).push('admin')).toThrow(TypeError);
    expect(await unseal(value, key, 'pop_session')).toMatchObject({ sub: 'vcse-1', roles: ['vcse'] });
  });
});
