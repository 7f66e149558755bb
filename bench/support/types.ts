/** One figure a benchmark measured. */
export interface BenchResult {
  metric: string;
  value: number;
  unit: string;
  /** What the figure must reach, as people read it, e.g. '>= 0.5' or '< 200 MB'. */
  target?: string;
  /** Whether it reached the target; absent for figures that are only informative. */
  pass?: boolean;
}

/** A benchmark module's default export; bench/run.ts runs them in sequence. */
export interface Benchmark {
  name: string;
  run(): Promise<BenchResult[]>;
}
