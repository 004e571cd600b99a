// A response too large for DynamoDB's 400 KB item (a big payment run's lines) is answered, not kept, and never becomes a 500.
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotency, MAX_STORED_RESPONSE_BYTES } from '../../functions/api/middleware/idempotency.js';
import { createIdempotencyStore } from '../../functions/runtime/idempotency-store.js';
import type { AppEnv } from '../../functions/runtime/env.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';

let table: LocalTable;
beforeAll(async () => {
  table = await createLocalTable('idem-large');
});
afterAll(() => table.drop());

/** An app whose POST /big answers `size` bytes of JSON and counts how often it really ran. */
const appAnswering = (size: number) => {
  let ran = 0;
  const app = new Hono<AppEnv>()
    .use('*', idempotency(createIdempotencyStore(table.store)))
    .post('/big', (c) => {
      ran += 1;
      return c.json({ lines: 'x'.repeat(size) }, 201);
    });
  const post = (key: string) => app.request('/big', { method: 'POST', headers: { 'idempotency-key': key, 'content-type': 'application/json' }, body: '{}' });
  return { post, ran: () => ran };
};

describe('Idempotency-Key and large responses', () => {
  it('answers a response over the limit in full and keeps no record, so the same key runs again instead of failing', async () => {
    const { post, ran } = appAnswering(MAX_STORED_RESPONSE_BYTES + 200_000);
    const first = await post('big-run-1');
    expect(first.status).toBe(201);
    expect(((await first.json()) as { lines: string }).lines).toHaveLength(MAX_STORED_RESPONSE_BYTES + 200_000);
    const again = await post('big-run-1');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(ran()).toBe(2);
  });

  it('still keeps and replays a response under the limit', async () => {
    const { post, ran } = appAnswering(MAX_STORED_RESPONSE_BYTES - 1_000);
    expect((await post('big-run-2')).status).toBe(201);
    const again = await post('big-run-2');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(ran()).toBe(1);
  });
});
