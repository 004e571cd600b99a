// BENCH_PROFILE=<section>: a CPU profile of that section's timed loop, and the functions that spent most of it.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where a frame lives, shortened: a package name, or a path inside the repository. */
const place = (url: string): string => {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + 'node_modules/'.length).split('/');
    return scope!.startsWith('@') ? `${scope}/${name}` : scope!;
  }
  return url.replace(/^file:\/\/.*?\/(functions|shared|bench|local)\//, '$1/') || '(native)';
};

/** Self time by package or file, largest first, in ms; time in native code counts for the JavaScript that called it. */
export const selfTimeByPlace = (profile: Profile, top = 15): { place: string; ms: number }[] => {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const caller = (id: number): ProfileNode => {
    let node = byNode.get(id)!;
    for (let up = parent.get(node.id); !node.callFrame.url && up !== undefined; up = parent.get(node.id)) node = byNode.get(up)!;
    return node;
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = caller(id);
    const key = node.callFrame.url ? place(node.callFrame.url) : `(${node.callFrame.functionName || 'program'})`;
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals].map(([where, ms]) => ({ place: where, ms: Math.round(ms) })).sort((a, b) => b.ms - a.ms).slice(0, top);
};

/** Runs `fn` under the CPU profiler when BENCH_PROFILE names `section`; writes a .cpuprofile under the temporary folder and prints the summary. */
export const profiled = async <T>(section: string, fn: () => Promise<T>): Promise<T> => {
  if (process.env.BENCH_PROFILE !== section) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
    session.disconnect();
    // Outside the repository: a profile is for looking at once, never for committing.
    const file = join(tmpdir(), `bench-${section}-${Date.now()}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    console.error(`bench: CPU profile of ${section} in ${file} (open it in Chrome DevTools); self time by place:`);
    for (const row of selfTimeByPlace(profile)) console.error(`  ${String(row.ms).padStart(7)} ms  ${row.place}`);
  }
};
