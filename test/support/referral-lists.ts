// Helpers for the referral-list tests: follow a list to its end, and watch the commands a store sends.
import { expect } from 'vitest';
import type { Store } from '../../shared/store/client.js';
import type { Caller, Harness } from './harness.js';

/** Every page of `GET /v1/referrals` as `as`, `limit` at a time: the ids in order and each page's size. */
export const listAll = async (h: Harness, as: Caller, query: string, limit: number): Promise<{ ids: string[]; pages: number[] }> => {
  const ids: string[] = [];
  const pages: number[] = [];
  let cursor: string | null = null;
  do {
    const res = await h.call('GET', `/v1/referrals?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}${query}`, { as });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    ids.push(...res.body.items.map((r: { id: string }) => r.id));
    pages.push(res.body.items.length);
    cursor = res.body.nextCursor;
    // A page count far beyond the items would mean a cursor that does not move on.
    expect(pages.length).toBeLessThan(1_000);
  } while (cursor);
  return { ids, pages };
};

export interface CommandSpy {
  /** The name of every command sent, in order (`QueryCommand`, `ScanCommand` ...). */
  readonly commands: string[];
  /** Items DynamoDB evaluated for the Queries and Scans sent (their ScannedCount). */
  evaluated: number;
  restore(): void;
}

/** Records what `store` sends until `restore()`. */
export const commandSpy = (store: Store): CommandSpy => {
  const doc = store.doc as unknown as { send: (command: object, ...rest: unknown[]) => Promise<{ ScannedCount?: number }> };
  const original = doc.send;
  const spy: CommandSpy = {
    commands: [],
    evaluated: 0,
    restore: () => {
      doc.send = original;
    },
  };
  doc.send = async (command, ...rest) => {
    spy.commands.push(command.constructor.name);
    const output = await original.call(store.doc, command, ...rest);
    spy.evaluated += output.ScannedCount ?? 0;
    return output;
  };
  return spy;
};
