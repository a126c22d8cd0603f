/**
 * Calendar benchmark: `WorkingCalendar.addWorkingDays` (precomputed prefix counts, O(1))
 * against a naive day-by-day loop over the same 2020–2026 schedules and the same random
 * inputs (start instants 2020-01-01…2026-09-30, n in 1..60).
 * Run: `npx tsx bench/calendar.bench.ts [--quick]`.
 */
import { pathToFileURL } from 'node:url';
import type { YearSchedule } from '../packages/domain/src/index';
import { WorkingCalendar, shanghaiInstant } from '../packages/domain/src/index';
import { officialSchedules } from '../packages/fixtures/src/calendar/index';

export type BenchResult = {
  name: string;
  value: number;
  unit: string;
  peer?: { name: string; value: number };
  target?: string;
};

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;
const CLOSING_MS = (17 * 60 + 30) * 60_000;

/** The obvious implementation: walk day by day, looking each date up in sets. */
function naiveAddWorkingDays(schedules: readonly YearSchedule[]) {
  const holidays = new Set(schedules.flatMap((s) => s.holidays));
  const workdays = new Set(schedules.flatMap((s) => s.workdays));
  const years = new Set(schedules.map((s) => s.year));
  return (start: number, n: number): { ok: true; deadline: Date } | { ok: false; unknownYear: number } => {
    let day = Math.floor((start + OFFSET_MS) / DAY_MS);
    for (let left = n; left > 0;) {
      day++;
      const date = new Date(day * DAY_MS);
      const year = date.getUTCFullYear();
      if (!years.has(year)) return { ok: false, unknownYear: year };
      const iso = date.toISOString().slice(0, 10);
      const weekday = date.getUTCDay();
      const working = workdays.has(iso) || (weekday !== 0 && weekday !== 6 && !holidays.has(iso));
      if (working) left--;
    }
    return { ok: true, deadline: new Date(day * DAY_MS - OFFSET_MS + CLOSING_MS) };
  };
}

function inputs(count: number): { starts: Float64Array; ns: Int32Array } {
  const from = shanghaiInstant('2020-01-01').getTime();
  const to = shanghaiInstant('2026-09-30').getTime();
  let seed = 20260101;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const starts = new Float64Array(count);
  const ns = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    starts[i] = from + Math.floor(random() * (to - from));
    ns[i] = 1 + Math.floor(random() * 60);
  }
  return { starts, ns };
}

/** Calls per second of `fn` over the inputs, best of `rounds`. */
function measure(
  fn: (start: number, n: number) => { ok: boolean },
  starts: Float64Array,
  ns: Int32Array,
  rounds: number,
) {
  let best = 0;
  let sink = 0;
  for (let round = 0; round < rounds; round++) {
    const t0 = performance.now();
    for (let i = 0; i < starts.length; i++) if (fn(starts[i]!, ns[i]!).ok) sink++;
    const seconds = (performance.now() - t0) / 1000;
    best = Math.max(best, starts.length / seconds);
  }
  if (sink < 0) console.log(sink);
  return best;
}

export async function run(opts: { quick: boolean }): Promise<BenchResult[]> {
  const calendar = new WorkingCalendar(officialSchedules);
  const naive = naiveAddWorkingDays(officialSchedules);
  const fastInputs = inputs(opts.quick ? 200_000 : 2_000_000);
  const slowInputs = inputs(opts.quick ? 20_000 : 200_000);

  // Same answers before timing anything.
  for (let i = 0; i < 1000; i++) {
    const a = calendar.addWorkingDays(slowInputs.starts[i]!, slowInputs.ns[i]!);
    const b = naive(slowInputs.starts[i]!, slowInputs.ns[i]!);
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`mismatch at input ${i}`);
  }

  const rounds = opts.quick ? 3 : 5;
  const fast = measure((s, n) => calendar.addWorkingDays(s, n), fastInputs.starts, fastInputs.ns, rounds);
  const slow = measure(naive, slowInputs.starts, slowInputs.ns, rounds);
  return [
    {
      name: 'calendar.addWorkingDays (2020–2026 schedules, n 1..60)',
      value: Math.round(fast),
      unit: 'ops/s',
      peer: { name: 'naive day-by-day loop', value: Math.round(slow) },
      target: '>1,000,000/s',
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  const results = await run({ quick });
  console.table(
    results.map((r) => ({
      benchmark: r.name,
      value: `${r.value.toLocaleString('en')} ${r.unit}`,
      peer: r.peer ? `${r.peer.value.toLocaleString('en')} ${r.unit} (${r.peer.name})` : '',
      ratio: r.peer ? `${(r.value / r.peer.value).toFixed(1)}×` : '',
      target: r.target ?? '',
    })),
  );
}
