// Each Lambda bundle's minified size against issue 14's goal for it, from the module the stack and the budget test share.
import { BUNDLES, buildBundle } from '../infra/bundles.js';
import { benchRow, figure, type TableEntry } from './table.js';

/** The floor column holds the goal's size, so the goal is a ratio of 1; a budget the test still enforces above it is noted. */
export const measureBundles = async (): Promise<TableEntry[]> =>
  Object.entries(BUNDLES).map(([name, { entry, budgetKB, goalKB }]) =>
    benchRow({
      measure: `${name} Lambda bundle (minified) ÷ its goal`,
      unit: 'KB',
      project: buildBundle(entry).bytes / 1000,
      floor: goalKB,
      goal: 1,
      ...(goalKB !== budgetKB ? { note: `the budget test enforces ${figure(budgetKB, 'KB')} until the goal is met` } : {}),
    }),
  );
