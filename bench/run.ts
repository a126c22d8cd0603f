/**
 * Runs every bench, prints one table (figure, our value, the peer/ceiling measured in the
 * same run, ratio, target, met?) and writes bench/results/latest.json with a description
 * of the machine. A new bench plugs in by adding a line to BENCHES.
 *
 * Run: `npm run bench [-- --quick] [--only services,sensors] [--soak [--minutes 10] [--rate 2000] [--browser]]
 * [--orders 5000000] [--cases 1000000] [--queue-orders 1000000] [--rounds 5] [--seconds 20]`.
 * Without --soak the table shows the last soak's figures from bench/results/soak.json, with its date.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { findPostgresBinaries } from '../packages/db/src/index';
import { parseSizes } from './lib/args';
import { lastSoakRows, soak } from './soak.bench';
import type { BenchModule, BenchResult } from './types';

const BENCHES: { name: string; load: () => Promise<BenchModule> }[] = [
  { name: 'calendar', load: () => import('./calendar.bench') },
  { name: 'startup', load: () => import('./startup.bench') },
  { name: 'services', load: () => import('./services.bench') },
  { name: 'sensors', load: () => import('./sensors.bench') },
  { name: 'cityops-kpi', load: () => import('./cityops-kpi.bench') },
];

// Servers the benches start run without the live demo's simulated sensors and calls (their load is not the bench's).
process.env.DEMO_SIMULATION ??= 'off';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = fileURLToPath(new URL('results/', import.meta.url));

type Row = BenchResult & { bench: string; ratio?: number; met?: boolean };

/** `< 2 s`, `>1,000,000/s`, `<= 150 MB` → is `value` within it? Undefined when there is no target. */
function meets(value: number, target: string | undefined): boolean | undefined {
  if (!target) return undefined;
  const match = /^\s*(<=|>=|<|>)\s*([\d,]*\.?\d+)/.exec(target);
  if (!match) return undefined;
  const limit = Number(match[2]!.replaceAll(',', ''));
  switch (match[1]) {
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    default:
      return value >= limit;
  }
}

const number = (value: number) => value.toLocaleString('en', { maximumFractionDigits: 2 });

function command(args: string[]): string {
  if (process.env.npm_lifecycle_script?.includes('bench/run.ts'))
    return `npm run ${process.env.npm_lifecycle_event}${args.length ? ` -- ${args.join(' ')}` : ''}`;
  return ['npx tsx bench/run.ts', ...args].join(' ');
}

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

/** The version of the PostgreSQL server the benches on the machine's database use. */
async function serverPostgresVersion(): Promise<string> {
  const url = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ v: string }>('SELECT version() AS v');
    return `${rows[0]!.v.split(' on ')[0]} at ${new URL(url).host}`;
  } catch (error) {
    return `unknown (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => {});
  }
}

function mosquittoVersion(): string {
  if (process.env.BENCH_MQTT_URL) return `broker at ${process.env.BENCH_MQTT_URL}`;
  const r = spawnSync('mosquitto', ['-h'], { encoding: 'utf8' });
  return /mosquitto version [\d.]+/.exec(`${r.stdout}${r.stderr}`)?.[0] ?? 'not found';
}

async function postgresVersion(): Promise<string> {
  try {
    const { postgres } = await findPostgresBinaries();
    return execFileSync(postgres, ['--version'], { encoding: 'utf8' }).trim();
  } catch (error) {
    return `unknown (${(error as Error).message})`;
  }
}

function table(rows: Row[]): string {
  const header = ['figure', 'ours', 'peer / ceiling (same run)', 'ratio', 'target', 'met?'];
  const cells = rows.map((r) => [
    `${r.bench}: ${r.name}`,
    `${number(r.value)} ${r.unit}`,
    r.peer ? `${number(r.peer.value)} ${r.unit} — ${r.peer.name}` : '—',
    r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`,
    r.target ?? '—',
    r.met === undefined ? '—' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const sizes = parseSizes(args);
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',')) : undefined;
  const soakNow = args.includes('--soak');
  const startedAt = new Date();
  const t0 = performance.now();
  console.log(`$ ${command(args)}`);

  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    totalMemoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    postgres: await postgresVersion(),
    postgresServer: await serverPostgresVersion(),
    mosquitto: mosquittoVersion(),
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
    date: startedAt.toISOString(),
    gitCommit: git('rev-parse', 'HEAD'),
    gitDirty: git('status', '--porcelain').length > 0,
  };
  console.log(
    `${machine.cores} cores · ${machine.cpu} · ${machine.totalMemoryGiB} GiB · ${machine.os} · Node ${machine.node} · ` +
      `embedded ${machine.postgres} · ${machine.postgresServer} · ${machine.mosquitto} · load ${machine.loadAverageAtStart.join(' ')} · ${machine.date} · ` +
      `commit ${machine.gitCommit.slice(0, 12)}${machine.gitDirty ? ' (working tree has changes)' : ''}`,
  );

  const rows: Row[] = [];
  const errors: { bench: string; error: string }[] = [];
  const add = (bench: string, results: BenchResult[]) => {
    for (const r of results)
      rows.push({
        ...r,
        bench,
        ...(r.peer && r.peer.value > 0 ? { ratio: r.value / r.peer.value } : {}),
        ...(r.target ? { met: meets(r.value, r.target) } : {}),
      });
  };
  const timings: Record<string, number> = {};
  for (const bench of BENCHES) {
    if (only && !only.has(bench.name)) continue;
    process.stderr.write(`running ${bench.name}${quick ? ' (quick)' : ''}…\n`);
    const b0 = performance.now();
    try {
      add(bench.name, await (await bench.load()).run({ quick, sizes }));
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      errors.push({ bench: bench.name, error: message });
      process.stderr.write(`bench ${bench.name} failed:\n${message}\n`);
    }
    timings[bench.name] = Math.round((performance.now() - b0) / 100) / 10;
  }
  if (soakNow) {
    const minutes = sizes.minutes ?? 10;
    process.stderr.write(`running the soak (${minutes} min)…\n`);
    const b0 = performance.now();
    try {
      add(
        'soak',
        (await soak({ minutes, rate: sizes.rate ?? 2_000, browser: args.includes('--browser') })).rows,
      );
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      errors.push({ bench: 'soak', error: message });
      process.stderr.write(`the soak failed:\n${message}\n`);
    }
    timings.soak = Math.round((performance.now() - b0) / 100) / 10;
  } else if (!only || only.has('soak')) add('soak', lastSoakRows());

  const durationS = Math.round((performance.now() - t0) / 100) / 10;
  const loadAverageAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
  console.log('');
  console.log(table(rows));
  for (const r of rows) if (r.note) console.log(`note (${r.bench}: ${r.name}): ${r.note}`);
  for (const e of errors) console.log(`FAILED: ${e.bench} — ${e.error.split('\n')[0]}`);
  console.log(
    `ratio = ours ÷ peer. ${rows.filter((r) => r.met === true).length} of ${rows.filter((r) => r.met !== undefined).length} targets met · ` +
      `${durationS} s (${Object.entries(timings)
        .map(([b, t]) => `${b} ${t} s`)
        .join(', ')}) · load at end ${loadAverageAtEnd.join(' ')}`,
  );

  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(
    `${RESULTS}latest.json`,
    `${JSON.stringify({ command: command(args), quick, sizes, machine: { ...machine, loadAverageAtEnd }, durationS, timings, rows, errors }, null, 2)}\n`,
  );
  console.log('written: bench/results/latest.json');
  if (errors.length) process.exitCode = 1;
}

await main();
