// Builders for the people and things tests need, created through the API as a user would.
import { expect } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Caller, Harness } from './harness.js';
import type { Role } from '../../shared/domain/roles.js';

export const ADMIN: Caller = { sub: 'admin-1', roles: ['admin'] };

let counter = 0;
const unique = (label: string) => `${label} ${++counter}`;

export const userOf = (organisationId: string, role: Role, sub = `${role}-${organisationId}`): Caller => ({
  sub,
  roles: [role],
  organisationId,
});

export const createOrganisation = async (
  h: Harness,
  kind: 'vcse' | 'referrer' | 'fund_manager' | 'commissioner' = 'vcse',
  extra: Record<string, unknown> = {},
): Promise<{ id: string; name: string }> => {
  const res = await h.call('POST', '/v1/organisations', { as: ADMIN, body: { name: unique(`Org ${kind}`), kind, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

export const createActivity = async (
  h: Harness,
  organisationId: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; organisationId: string; category: string }> => {
  const res = await h.call('POST', '/v1/activities', {
    as: userOf(organisationId, 'vcse'),
    body: { name: unique('Walking group'), category: 'physical_activity', ...extra },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

/** Every item in the harness's table, to prove a refused request wrote nothing. */
export const tableSnapshot = async (h: Harness): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await h.table.store.doc.send(new ScanCommand({ TableName: h.table.store.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items.sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`));
};
