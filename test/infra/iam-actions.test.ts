// infra/iam-actions.ts may not import the store, so this keeps its leading-key patterns in step with shared/store/keys.ts.
import { describe, expect, it } from 'vitest';
import { LEADING_KEYS, TABLE_ACCESS_BY_FUNCTION } from '../../infra/iam-actions.js';
import { keys, PENDING_MOVES_PREFIX } from '../../shared/store/keys.js';

const like = (pattern: string, value: string) => new RegExp(`^${pattern.replaceAll('*', '.*')}$`).test(value);

describe('Constant: LEADING_KEYS', () => {
  it('matches every pending report move the store writes, and no run, line, fund or audit partition', () => {
    expect(LEADING_KEYS.pendingReportMoves).toBe(`${PENDING_MOVES_PREFIX}*`);
    expect(like(LEADING_KEYS.pendingReportMoves, keys.pendingMovesPartition('run_01'))).toBe(true);
    for (const other of [keys.payoutRun('run_01').pk, keys.payoutLine('run_01', 'line_01').pk, keys.fund('fund_01').pk, keys.auditEvent('c', 1).pk]) {
      expect(like(LEADING_KEYS.pendingReportMoves, other), other).toBe(false);
      expect(like(LEADING_KEYS.idempotency, other), other).toBe(false);
    }
  });
});

describe('Constant: TABLE_ACCESS_BY_FUNCTION', () => {
  it('grants no action twice to one function, and deletes only under a leading-key restriction', () => {
    for (const [name, access] of Object.entries(TABLE_ACCESS_BY_FUNCTION)) {
      const all = [...access.anyItem, ...access.onlyOn.flatMap((r) => r.actions)];
      expect(new Set(all).size, name).toBe(all.length);
      expect(access.anyItem, name).not.toContain('dynamodb:DeleteItem');
      expect(access.anyItem, name).not.toContain('dynamodb:BatchWriteItem');
    }
  });
});
