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

export type BenchOptions = { quick: boolean };

/** What every `bench/*.bench.ts` exports. */
export type BenchModule = { run(options: BenchOptions): Promise<BenchResult[]> };
