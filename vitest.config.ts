// Four projects, one `vitest run`: unit (no DynamoDB Local, no Java, no network), integration (one
// DynamoDB Local the global setup starts), infra (CDK template assertions) and e2e (browser, later).
import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const E2E_DIR = 'test/e2e';
// vitest fails a run in which a named project matches no file; e2e joins once it has one.
const hasE2eTests = existsSync(E2E_DIR) && readdirSync(E2E_DIR, { recursive: true }).some((f) => String(f).endsWith('.e2e.test.ts'));

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: two workers keep DynamoDB Local busy without starving it.
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'functions/**/*.test.ts', 'shared/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'integration', include: ['test/integration/**/*.test.ts'], globalSetup: ['test/support/global-setup.ts', 'test/support/hostile-figures.ts'] },
      },
      {
        extends: true,
        test: { name: 'infra', include: ['test/infra/**/*.test.ts'] },
      },
      // The web pages' browser tests: one real platform (global setup), headless Chromium, one file at a
      // time, after the other projects (group 1), so two cores are not shared with the integration tests.
      ...(hasE2eTests
        ? [
            {
              extends: true as const,
              test: {
                name: 'e2e',
                include: [`${E2E_DIR}/**/*.e2e.test.ts`],
                globalSetup: [`${E2E_DIR}/support/global-setup.ts`],
                testTimeout: 120_000,
                hookTimeout: 240_000,
                fileParallelism: false,
                sequence: { groupOrder: 1 },
              },
            },
          ]
        : []),
    ],
  },
});
