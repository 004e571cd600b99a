// The hostile suites' figures (requests, faults, bad inputs, matrix cells, simulation steps and seeds,
// processes killed, load requests, violations): each test file records what it did, and the run's global teardown prints the totals.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    hostileFiguresFile: string;
  }
}

export interface Figures {
  requests?: number;
  faultsInjected?: number;
  badInputs?: number;
  matrixCells?: number;
  simulationSteps?: number;
  seeds?: string[];
  /** Processes SIGKILLed mid-work and restarted. */
  kills?: number;
  /** Requests of the concurrent load, with their answers' status codes. */
  loadRequests?: number;
  loadStatuses?: Record<string, number>;
  violations?: number;
}

/** Adds this test's figures to the run's totals (one JSON line; workers never share memory). */
export const recordFigures = (figures: Figures): void => {
  appendFileSync(inject('hostileFiguresFile'), `${JSON.stringify(figures)}\n`);
};

const total = (lines: Figures[]) => {
  const sum = (key: keyof Omit<Figures, 'seeds' | 'loadStatuses'>) => lines.reduce((n, f) => n + (f[key] ?? 0), 0);
  const statuses: Record<string, number> = {};
  for (const f of lines) for (const [status, n] of Object.entries(f.loadStatuses ?? {})) statuses[status] = (statuses[status] ?? 0) + n;
  return {
    requests: sum('requests'),
    faultsInjected: sum('faultsInjected'),
    badInputs: sum('badInputs'),
    matrixCells: sum('matrixCells'),
    simulationSteps: sum('simulationSteps'),
    seeds: lines.flatMap((f) => f.seeds ?? []),
    kills: sum('kills'),
    loadRequests: sum('loadRequests'),
    loadStatuses: Object.entries(statuses).sort().map(([status, n]) => `${status}: ${n}`).join(', ') || 'none',
    violations: sum('violations'),
  };
};

/** Global setup: a file for the figures; teardown prints their totals when any suite recorded some. */
export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'pop-hostile-'));
  const file = join(dir, 'figures.jsonl');
  appendFileSync(file, '');
  project.provide('hostileFiguresFile', file);
  return () => {
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Figures);
    rmSync(dir, { recursive: true, force: true });
    if (lines.length === 0) return;
    const t = total(lines);
    console.log(
      [
        'Hostile input, faults and the authorisation matrix:',
        `  requests sent ........ ${t.requests}`,
        `  faults injected ...... ${t.faultsInjected}`,
        `  bad inputs tried ..... ${t.badInputs}`,
        `  matrix cells ......... ${t.matrixCells}`,
        `  simulation steps ..... ${t.simulationSteps} (seeds ${t.seeds.join(', ') || 'none'})`,
        `  processes killed ..... ${t.kills}`,
        `  load requests ........ ${t.loadRequests} (${t.loadStatuses})`,
        `  violations found ..... ${t.violations}`,
      ].join('\n'),
    );
  };
}
