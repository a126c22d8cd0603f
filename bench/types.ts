/** One figure a bench reports: our value, and optionally a peer/ceiling measured in the same run. */
export type BenchResult = {
  name: string;
  value: number;
  unit: string;
  /** A comparison measured in the same run, in the same unit as `value`. */
  peer?: { name: string; value: number };
  /** e.g. `< 2 s`, `> 1,000,000/s`: an operator and a number in `unit`. */
  target?: string;
  /** A short remark printed under the table. */
  note?: string;
};

export type BenchOptions = {
  quick: boolean;
  /**
   * Sizes from the command line (`--orders 5000000` → `{ orders: 5000000 }`); a bench reads the
   * ones it knows and falls back to its quick or full default.
   */
  sizes?: Record<string, number>;
};

/** What every `bench/*.bench.ts` exports. */
export type BenchModule = { run(options: BenchOptions): Promise<BenchResult[]> };
