/**
 * Prints the capacity table of docs/operations.md (Markdown) from a bench run's results:
 * the machine, then one line per figure — what one server copy did on it, the peer or ceiling
 * measured in the same run, the target and whether it was met.
 *
 * Run: `npm run bench:capacity [-- bench/results/latest.json]` after `npm run bench`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Row = {
  bench: string;
  name: string;
  value: number;
  unit: string;
  peer?: { name: string; value: number };
  target?: string;
  ratio?: number;
  met?: boolean;
};
type Results = {
  command: string;
  quick: boolean;
  machine: Record<string, unknown> & { date: string };
  durationS: number;
  rows: Row[];
  errors: { bench: string; error: string }[];
};

const file = process.argv[2] ?? fileURLToPath(new URL('results/latest.json', import.meta.url));
if (!existsSync(file)) {
  console.error(`${file} does not exist: run \`npm run bench\` first`);
  process.exit(1);
}
const results = JSON.parse(readFileSync(file, 'utf8')) as Results;
const m = results.machine;
const number = (x: number) => x.toLocaleString('en', { maximumFractionDigits: 1 });
/** The figure's name without its long parenthesis (kept in latest.json). */
const short = (name: string) => name.replace(/\s*\((?:[^()]|\([^()]*\))*\)/g, '').trim();
const cell = (text: string) => text.replaceAll('|', '\\|');

const lines = [
  `Measured by \`${results.command}\` on ${String(m.date).slice(0, 10)}: ${String(m.cores)} cores (${String(m.cpu)}), ` +
    `${String(m.memoryGiB ?? m.totalMemoryGiB)} GiB, Node ${String(m.node)}, ${String(m.postgresServer ?? m.postgres)}, ` +
    `${String(m.mosquitto ?? 'Mosquitto')}; load average ${(m.loadAverageAtStart as number[] | undefined)?.join(' ') ?? '?'} at the start` +
    `${results.quick ? ' (a --quick run: smaller data sets)' : ''}. One server copy.`,
  '',
  '| figure | one copy | peer / ceiling, same run | target | met? |',
  '| --- | --- | --- | --- | --- |',
  ...results.rows.map(
    (r) =>
      `| ${cell(`${r.bench}: ${short(r.name)}`)} | ${number(r.value)} ${r.unit} | ` +
      `${r.peer ? cell(`${number(r.peer.value)} ${r.unit} (${short(r.peer.name)})`) : '—'} | ` +
      `${r.target ?? '—'} | ${r.met === undefined ? '—' : r.met ? 'yes' : '**no**'} |`,
  ),
];
if (results.errors.length)
  lines.push('', `Not measured (the bench failed): ${results.errors.map((e) => e.bench).join(', ')}.`);
console.log(lines.join('\n'));
