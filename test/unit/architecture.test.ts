// The dependency rule and the file-length rule, checked over the source tree as text (no build, no Java).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importsOf, importViolations, longFiles, readSources, resolveImport, type SourceFile } from '../support/architecture.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const sources = readSources(ROOT);
const file = (path: string, text: string): SourceFile => ({ path, text });

describe('Rule: rooms', () => {
  it('finds no import across a functions/* folder outside the Lambda entry files, none out of shared/domain, none from shared/ into functions/ or local/', () => {
    expect(sources.some((f) => f.path === 'functions/runtime/deps.ts')).toBe(true);
    expect(importViolations(sources)).toEqual([]);
  });

  it('flags a function folder importing another, but lets a Lambda entry file compose them', () => {
    const found = importViolations([
      file('functions/payout-worker/pay-run.ts', "import { METRIC } from '../api/metrics.js';"),
      file('functions/runtime/deps.ts', "import type { PayoutWorkerDeps } from '../payout-worker/pay-run.js';"),
      file('functions/runtime/index.ts', "import { createApp } from '../api/app.js';"),
      file('functions/api/index.ts', "import { inProcessPayouts } from '../payout-worker/dispatch.js';"),
      file('functions/api/app.ts', "import type { Deps } from '../runtime/deps.js';"),
    ]);
    expect(found.map((v) => v.split(' → ')[0])).toEqual(['functions/payout-worker/pay-run.ts', 'functions/runtime/deps.ts', 'functions/runtime/index.ts']);
  });

  it('flags shared/domain importing the store or a web framework, and allows the date library, ulid and node:crypto', () => {
    const found = importViolations([
      file('shared/domain/fund.ts', "import { getFund } from '../store/funds.js';\nimport { Hono } from 'hono';\nimport { TZDate } from '@date-fns/tz';"),
      file('shared/domain/access/fund.ts', "import { AppError } from '../errors.js';\nimport { ulid } from 'ulid';\nimport { createHash } from 'node:crypto';\nimport { addDays } from 'date-fns';"),
    ]);
    expect(found).toHaveLength(2);
    expect(found[0]).toContain('shared/store/funds.ts');
    expect(found[1]).toContain('hono');
  });

  it('flags shared/store or shared/stripe reaching into functions/ or local/', () => {
    const found = importViolations([
      file('shared/store/expiry.ts', "import type { Deps } from '../../functions/runtime/deps.js';"),
      file('shared/stripe/gateway.ts', "export { signPayload } from '../../local/stripe-sandbox/index.js';"),
    ]);
    expect(found).toHaveLength(2);
  });

  it('flags the web pages importing the store or the domain, and lets them use the shared runtime', () => {
    const found = importViolations([
      file('functions/web/pages/fund.tsx', "import { getFund } from '../../../shared/store/funds.js';\nimport { formatMoney } from '../../../shared/domain/format.js';"),
      file('functions/web/app.ts', "import type { Fetchable } from '../runtime/compose.js';"),
    ]);
    expect(found).toHaveLength(2);
    expect(found.every((v) => v.startsWith('functions/web/pages/fund.tsx'))).toBe(true);
  });

  it('reads multi-line, type-only, re-exported and dynamic imports', () => {
    const text = "import {\n  a,\n  b,\n} from './a.js';\nimport type { T } from './t.js';\nexport * from './all.js';\nconst m = await import('./lazy.js');\nimport './side-effect.js';";
    expect(importsOf(text)).toEqual(['./a.js', './t.js', './all.js', './lazy.js', './side-effect.js']);
    expect(resolveImport('functions/api/routes/funds.ts', '../../runtime/env.js')).toBe('functions/runtime/env.ts');
  });
});

describe('Rule: file length', () => {
  it('finds no .ts file over 300 lines outside local/stripe-sandbox', () => {
    expect(longFiles(sources)).toEqual([]);
  });

  it('counts lines as an editor does, and leaves the Stripe sandbox out', () => {
    const long = 'x\n'.repeat(301);
    expect(longFiles([file('shared/a.ts', long), file('shared/b.ts', 'x\n'.repeat(300)), file('local/stripe-sandbox/server.ts', long)])).toEqual(['shared/a.ts: 301 lines']);
  });
});
