// One row of `npm run bench`: the project's figure, the floor measured in the same run, and their ratio.
export interface BenchRow {
  readonly measure: string;
  readonly unit: 'ms' | 'KB' | 's';
  readonly project: number;
  readonly floor: number;
  readonly ratio: number;
  readonly goal: number;
  readonly met: boolean;
  readonly note?: string;
}
