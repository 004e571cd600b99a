// Every key string and index name is spelled in the store's key module only.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INDEX, keys, PENDING_MOVES_PREFIX } from '../../shared/store/keys.js';

const ROOT = join(import.meta.dirname, '..', '..');
/** The key module: keys.ts, and the referral lists', the pre-sharding counters' and delivery status's keys beside it (keys.ts is at its 300 lines). */
const KEY_MODULES = ['shared/store/keys.ts', 'shared/store/keys-referral-lists.ts', 'shared/store/keys-legacy.ts', 'shared/store/keys-delivery.ts'];

const sourceFiles = (dir: string): string[] =>
  readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });

/** The key prefixes (`FUND#`, `#REF`) and fixed partitions (`ORGS`) the key module spells, read from its own text. */
const keyWords = (): string[] => {
  const text = KEY_MODULES.map((file) => readFileSync(join(ROOT, file), 'utf8')).join('\n');
  const code = text.split('\n').filter((line) => !line.trimStart().startsWith('//')).join('\n');
  const words = new Set<string>();
  for (const match of code.matchAll(/([A-Z][A-Z0-9]{2,})#|#([A-Z][A-Z0-9]{2,})\b|'([A-Z]{4,})'/g)) words.add(match[1] ?? match[2] ?? match[3]!);
  return [...words].sort();
};

/** Each offending line of `file` as `path:line: text`. */
const offences = (file: string, pattern: RegExp): string[] =>
  readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    .flatMap((line, i) => (pattern.test(line) && !line.trimStart().startsWith('//') ? [`${relative(ROOT, join(ROOT, file))}:${i + 1}: ${line.trim()}`] : []));

const scanned = [...sourceFiles('functions'), ...sourceFiles('shared')].filter((file) => !KEY_MODULES.includes(file));

describe('Module: shared/store/keys', () => {
  it('spells every key prefix the table uses (so the scan below is not empty)', () => {
    expect(keyWords()).toEqual(expect.arrayContaining(['ORG', 'ACT', 'FUND', 'AGR', 'PERIOD', 'REF', 'EXTREF', 'LED', 'PAY', 'AGG', 'CHAIN', 'EVT', 'RUN', 'LINE', 'MOVE', 'STRIPEEVT', 'PROV', 'REFR', 'AUDIT', 'ORGS', 'ACTS', 'FUNDS', 'SENT', 'STATS', 'REFS']));
  });

  it('is the only file in functions/ and shared/ that spells a key prefix', () => {
    const words = keyWords().join('|');
    const pattern = new RegExp(`(['"\`/]|\\b)(${words})#|#(${words})['"\`]|['"\`](${words})['"\`]`);
    expect(scanned.flatMap((file) => offences(file, pattern))).toEqual([]);
  });

  it('is the only file in functions/ and shared/ that names an index or its attributes', () => {
    const names = Object.values(INDEX).flatMap((index) => [index.name, index.pk, index.sk]).join('|');
    expect(scanned.flatMap((file) => offences(file, new RegExp(`\\b(${names})\\b`)))).toEqual([]);
  });

  it('files pending report moves under a partition of their own, apart from runs and lines', () => {
    const pending = keys.pendingMoves('run_1', 'line_1', 'paid', 0);
    expect(pending.pk.startsWith(PENDING_MOVES_PREFIX)).toBe(true);
    expect(PENDING_MOVES_PREFIX).toBe('MOVE#');
    expect(pending.pk).not.toBe(keys.payoutRun('run_1').pk);
    expect(pending.pk).not.toBe(keys.payoutLine('run_1', 'line_1').pk);
  });
});
