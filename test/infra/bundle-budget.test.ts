// Each Lambda bundle, built with the stack's own esbuild options (infra/bundles.ts), stays within its size budget.
import { describe, expect, it } from 'vitest';
import { BUNDLES, PART_BUDGETS, RUNTIME_PROVIDED, buildBundle, topContributors } from '../../infra/bundles.js';

const kb = (bytes: number) => `${(bytes / 1000).toLocaleString('en-GB', { maximumFractionDigits: 1 })} KB`;

const report = (name: string, entry: string, budgetKB: number, goalKB: number) => {
  const bundle = buildBundle(entry);
  const top = topContributors(bundle.metafile, 8).map((c) => `  ${c.name}: ${kb(c.bytes)}`).join('\n');
  const goal = bundle.bytes <= goalKB * 1000 ? `goal ${goalKB} KB met` : `goal ${goalKB} KB NOT met`;
  return { bundle, text: `${name} (${entry}) is ${kb(bundle.bytes)} minified, budget ${budgetKB} KB, ${goal}; largest contributors:\n${top}` };
};

describe('Lambda bundles', () => {
  for (const [name, { entry, budgetKB, goalKB }] of [...Object.entries(BUNDLES), ...Object.entries(PART_BUDGETS)]) {
    it(`keeps ${name} within ${budgetKB} KB`, () => {
      // Act
      const { bundle, text } = report(name, entry, budgetKB, goalKB);
      console.log(text);

      // Assess: the message names the size and what to look at first.
      expect(bundle.bytes, text).toBeLessThanOrEqual(budgetKB * 1000);
    });
  }

  it('leaves the AWS SDK to the Lambda runtime: no @aws-sdk or @smithy file is bundled', () => {
    // Act
    const { metafile } = buildBundle(BUNDLES.worker.entry);

    // Assess: the packages are imported, and none of their files is in the output.
    const bundled = Object.keys(metafile.inputs).filter((path) => /node_modules\/@(aws-sdk|smithy)\//.test(path));
    expect(bundled).toEqual([]);
    const imported = Object.values(metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
    expect(imported).toContain('@aws-sdk/client-dynamodb');
    expect(RUNTIME_PROVIDED).toEqual(['@aws-sdk/*', '@smithy/*']);
  });
});
