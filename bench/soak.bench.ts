/**
 * Soak (issue 5, item 5): the real server under a steady sensor load for minutes, with the
 * operations screen's live feed open, watching whether its memory levels off and whether it logs
 * any error.
 *
 * - A fresh database `yiwang_bench_soak_<random>` on postgres://postgres@127.0.0.1:5432
 *   (BENCH_PG_URL overrides; dropped at the end unless BENCH_KEEP_DB=1) and a private Mosquitto
 *   on a free port (BENCH_MQTT_URL uses another broker).
 * - The server (`node --import tsx packages/server/src/main.ts`, SEED=demo, LOG_LEVEL=warn,
 *   DEMO_SIMULATION=off) with the 61,000 demo sensors registered, restarted once so it loads them.
 * - The load: every sensor in turn (the simulator's ReadingSchedule, each round stamped with the
 *   time it starts), published with QoS 1 at `--rate` readings per second (default 2,000) in
 *   ticks of 100 ms for `--minutes` (default 10).
 * - The operations screen's SSE feed (`GET /api/cityops/live`) open as the dispatcher all along,
 *   and with `--browser` Debian's Chromium on /ops-screen signed in as the dispatcher.
 * - Every 5 s: the server process's VmRSS, and its stored-readings counter.
 *
 * Figures: RSS growth after warm-up (the first 20 % of the run, at least a minute): median of the
 * last minute against the median of the minute after warm-up; error lines in the server's output
 * (pino lines at level error or fatal, and any stderr line that is not a log line); the rate
 * stored. The run is written to bench/results/soak.json, which `npm run bench` shows when it does
 * not run the soak itself.
 * Run: `npx tsx bench/soak.bench.ts [--minutes 10] [--rate 2000] [--browser]`, or
 * `npm run bench -- --soak [--minutes 10] [--rate 2000]`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../packages/db/src/index';
import { registerDemoSensors } from '../packages/server/src/features/simulator/demo-registry';
import {
  ReadingSchedule,
  readingPayload,
  readingTopic,
} from '../packages/server/src/features/simulator/reading-schedule';
import { parseSizes } from './lib/args';
import {
  ROOT,
  freePort,
  guardProcesses,
  rssMb,
  sleep,
  spawnGroup,
  stopGroup,
  waitHttp,
  waitTcp,
  type Spawned,
} from './lib/processes';
import { RawMqttPublisher } from './peers/raw-mqtt-publisher';
import { followLiveFeed, serverCounters } from './sensors.bench';
import type { BenchOptions, BenchResult } from './types';

const SERVER_MAIN = join(ROOT, 'packages/server/src/main.ts');
const RESULTS = fileURLToPath(new URL('results/', import.meta.url));
export const SOAK_FILE = join(RESULTS, 'soak.json');
const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/sbin/mosquitto'].find(existsSync);
const SENSORS = 61_000;
const SAMPLE_MS = 5_000;
const TICK_MS = 100;

const step = (what: string) => process.stderr.write(`soak: ${what}\n`);
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** What a soak run saves in bench/results/soak.json. */
export type SoakRecord = {
  date: string;
  minutes: number;
  rate: number;
  browser: boolean;
  warmupS: number;
  samples: { t: number; rssMb: number; stored: number }[];
  published: number;
  stored: number;
  storedPerSecond: number;
  baselineRssMb: number;
  finalRssMb: number;
  maxRssMb: number;
  growthPct: number;
  errorLines: number;
  warnLines: number;
  firstErrors: string[];
  feedEvents: number;
  loadAverage: number[];
  rows: BenchResult[];
};

/** Counts error and warning lines in a server's output (pino JSON lines; anything else on stderr is an error). */
function logCounter() {
  const counts = { errors: 0, warnings: 0, first: [] as string[] };
  const partial = { stdout: '', stderr: '' };
  const onData = (chunk: string, stream: 'stdout' | 'stderr') => {
    const text = partial[stream] + chunk;
    const lines = text.split('\n');
    partial[stream] = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      let level: number | undefined;
      if (line.startsWith('{')) {
        try {
          level = Number((JSON.parse(line) as { level?: number }).level);
        } catch {
          // not JSON after all
        }
      }
      const error = level === undefined ? stream === 'stderr' : level >= 50;
      if (error) {
        counts.errors++;
        if (counts.first.length < 5) {
          counts.first.push(line.slice(0, 400));
          step(`server error line: ${line.slice(0, 400)}`);
        }
      } else if (level !== undefined && level >= 40) counts.warnings++;
    }
  };
  return { counts, onData };
}

/** Chromium on /ops-screen, signed in as the dispatcher; closes with the returned function. */
async function openOpsScreen(port: number): Promise<() => Promise<void>> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  const page = await browser.newPage({
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1920, height: 1080 },
    locale: 'zh-CN',
  });
  page.setDefaultTimeout(60_000);
  await page.goto('/login');
  await page.getByTestId('login-username').fill('dispatcher');
  await page.getByTestId('login-password').fill('Yiwang@2026');
  await page.getByTestId('login-submit').click();
  await page.waitForURL('**/workbench');
  await page.goto('/ops-screen');
  await page.getByTestId('ops-counters').waitFor();
  return () => browser.close();
}

export async function run({ quick, sizes = {} }: BenchOptions): Promise<BenchResult[]> {
  return (await soak({ minutes: sizes.minutes ?? (quick ? 2 : 10), rate: sizes.rate ?? 2_000 })).rows;
}

export async function soak(options: {
  minutes: number;
  rate: number;
  browser?: boolean;
}): Promise<SoakRecord> {
  const { minutes, rate } = options;
  const durationMs = minutes * 60_000;
  const warmupMs = Math.max(60_000, durationMs * 0.2);
  const dbName = `yiwang_bench_soak_${randomBytes(4).toString('hex')}`;
  const dbUrl = (() => {
    const u = new URL(ADMIN_URL);
    u.pathname = `/${dbName}`;
    return u.toString();
  })();
  const dataDir = mkdtempSync(join(tmpdir(), 'yiwang-bench-soak-'));
  const unguard = guardProcesses('soak', () => rmSync(dataDir, { recursive: true, force: true }));
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  let created = false;
  const spawned: Spawned[] = [];
  let db: ReturnType<typeof openDatabase>['db'] | undefined;
  let closeBrowser: (() => Promise<void>) | undefined;
  try {
    await admin.query(`CREATE DATABASE ${dbName}`);
    created = true;

    let mqttUrl = process.env.BENCH_MQTT_URL;
    if (!mqttUrl) {
      if (!MOSQUITTO) throw new Error('no mosquitto binary: install mosquitto or set BENCH_MQTT_URL');
      const brokerPort = await freePort();
      writeFileSync(
        join(dataDir, 'mosquitto.conf'),
        `listener ${brokerPort} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 0\nmax_inflight_messages 0\nlog_dest none\n`,
      );
      spawned.push(spawnGroup(MOSQUITTO, ['-c', join(dataDir, 'mosquitto.conf')], process.env, brokerPort));
      await waitTcp(brokerPort, 10_000);
      mqttUrl = `mqtt://127.0.0.1:${brokerPort}`;
    }

    step('server: first start, 61,000 sensors');
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: dbUrl,
      SEED: 'demo',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '100000000',
      MQTT_URL: mqttUrl,
      MQTT_CLIENT_ID: `soak-${randomBytes(4).toString('hex')}`,
      MQTT_SHARE_GROUP: `soak${randomBytes(4).toString('hex')}`,
      DEMO_SIMULATION: 'off',
    };
    const serverArgs = ['--import', 'tsx', SERVER_MAIN];
    const first = spawnGroup(process.execPath, serverArgs, env, port);
    spawned.push(first);
    await waitHttp(first, '/readyz', 120_000);
    db = openDatabase(dbUrl, { max: 2, applicationName: 'yiwang-soak' }).db;
    const registration = await registerDemoSensors(db, SENSORS, { intervalS: 60 });
    await stopGroup(first);
    spawned.splice(spawned.indexOf(first), 1);

    // the run proper: a fresh start, with its log watched from the first line
    const log = logCounter();
    const server = spawnGroup(process.execPath, serverArgs, env, port, { onData: log.onData });
    spawned.push(server);
    await waitHttp(server, '/readyz', 120_000);
    const pid = server.child.pid!;
    const feed = await followLiveFeed(port, 'dispatcher');
    if (options.browser) {
      step('Chromium on /ops-screen');
      closeBrowser = await openOpsScreen(port);
    }

    step(
      `${minutes} min at ${rate.toLocaleString('en')} readings/s (warm-up ${round(warmupMs / 1000, 0)} s)`,
    );
    const publisher = await RawMqttPublisher.connect(mqttUrl, `soak-pub-${randomBytes(3).toString('hex')}`);
    const schedule = new ReadingSchedule(registration.sensors, { seed: 11, intervalS: 60, startAt: 0 });
    const samples: SoakRecord['samples'] = [];
    const storedAtStart = (await serverCounters(port)).stored;
    const t0 = performance.now();
    let published = 0;
    let queue: { topic: string; payload: Buffer }[] = [];
    let nextSample = t0;
    let lastReport = t0;
    for (let tick = 0; ; tick++) {
      const now = performance.now();
      if (now - t0 >= durationMs) break;
      if (now >= nextSample) {
        nextSample += SAMPLE_MS;
        // the counter is read without holding up the load (a slow answer is a finding, not a pause)
        const sample = { t: round((now - t0) / 1000), rssMb: round(rssMb(pid)), stored: NaN };
        samples.push(sample);
        void serverCounters(port)
          .then((c) => (sample.stored = c.stored - storedAtStart))
          .catch(() => {});
        if (now - lastReport >= 60_000) {
          lastReport = now;
          const last = samples.findLast((x) => Number.isFinite(x.stored));
          step(
            `${round((now - t0) / 60_000)} min: RSS ${sample.rssMb} MB, ${published.toLocaleString('en')} published, ` +
              `${last ? `${last.stored.toLocaleString('en')} stored at ${last.t} s` : 'no count yet'}, ${log.counts.errors} error lines`,
          );
        }
        if (server.child.exitCode !== null || server.child.signalCode !== null)
          throw new Error(`the server exited during the soak:\n${server.output().slice(-2000)}`);
      }
      // readings due by now (rate × elapsed), in rounds of every sensor stamped with the round's start
      const due = Math.floor(((now - t0) / 1000) * rate) - published;
      const batch: { topic: string; payload: Buffer }[] = [];
      while (batch.length < due) {
        if (!queue.length)
          queue = [...schedule.roundAt(Date.now())].map((r) => ({
            topic: readingTopic(r.sensorId),
            payload: Buffer.from(readingPayload(r)),
          }));
        batch.push(...queue.splice(0, due - batch.length));
      }
      if (batch.length) {
        await publisher.publishAll(batch, 20_000, 500);
        published += batch.length;
      }
      const wait = t0 + (tick + 1) * TICK_MS - performance.now();
      if (wait > 0) await sleep(wait);
    }
    const elapsedS = (performance.now() - t0) / 1000;
    await publisher.close();
    // let the server catch up (up to 60 s) before the last count
    let stored = Math.max(0, ...samples.map((x) => x.stored).filter(Number.isFinite));
    let unanswered = samples.filter((x) => !Number.isFinite(x.stored)).length;
    for (let i = 0; i < 120; i++) {
      const counted = await serverCounters(port).catch(() => undefined);
      if (counted) stored = counted.stored - storedAtStart;
      else unanswered++;
      if (stored >= published) break;
      await sleep(500);
    }
    const catchUpS = (performance.now() - t0) / 1000 - elapsedS;
    feed.close();
    await closeBrowser?.();
    closeBrowser = undefined;
    const stopping = performance.now();
    await stopGroup(server);
    const stopS = (performance.now() - stopping) / 1000;
    spawned.splice(spawned.indexOf(server), 1);

    const after = samples.filter((s) => s.t * 1000 >= warmupMs);
    const baseline = median(after.filter((s) => s.t * 1000 < warmupMs + 60_000).map((s) => s.rssMb));
    const final = median(samples.filter((s) => s.t >= samples.at(-1)!.t - 60).map((s) => s.rssMb));
    const maxRss = Math.max(...after.map((s) => s.rssMb));
    const growthPct = ((final - baseline) / baseline) * 100;
    const date = new Date().toISOString();
    const label = `${minutes} min at ${rate.toLocaleString('en')} readings/s, ${SENSORS.toLocaleString('en')} sensors, live feed open${options.browser ? ' + Chromium on /ops-screen' : ''}`;
    const rows: BenchResult[] = [
      {
        name: `server VmRSS growth after warm-up (${label})`,
        value: round(growthPct),
        unit: '%',
        target: '<= 10 %',
        note:
          `median of the last minute ${round(final)} MB vs the minute after a ${round(warmupMs / 1000, 0)} s warm-up ${round(baseline)} MB; ` +
          `max after warm-up ${round(maxRss)} MB; sampled every ${SAMPLE_MS / 1000} s (bench/results/soak.json); run ${date}`,
      },
      {
        name: `error lines in the server's log (${minutes} min)`,
        value: log.counts.errors,
        unit: '',
        target: '<= 0',
        note:
          `${log.counts.warnings} warning lines (LOG_LEVEL=warn)` +
          (log.counts.first.length ? `; first: ${log.counts.first.join(' ‖ ')}` : ''),
      },
      {
        name: `readings stored per second, sustained (${minutes} min)`,
        value: Math.round(stored / elapsedS),
        unit: '/s',
        target: `>= ${rate.toLocaleString('en')} /s`,
        note:
          `${stored.toLocaleString('en')} of ${published.toLocaleString('en')} published stored` +
          (catchUpS > 1 ? `, the last ${round(catchUpS)} s after the load stopped` : '') +
          `; ${feed.events.length} live-feed events received` +
          (unanswered ? `; /metrics did not answer within 5 s ${unanswered} times` : '') +
          `; the server stopped ${round(stopS)} s after SIGTERM${stopS >= 15 ? ' (killed: it did not exit within 15 s)' : ''}`,
      },
    ];
    const record: SoakRecord = {
      date,
      minutes,
      rate,
      browser: !!options.browser,
      warmupS: warmupMs / 1000,
      samples,
      published,
      stored,
      storedPerSecond: round(stored / elapsedS),
      baselineRssMb: round(baseline),
      finalRssMb: round(final),
      maxRssMb: round(maxRss),
      growthPct: round(growthPct),
      errorLines: log.counts.errors,
      warnLines: log.counts.warnings,
      firstErrors: log.counts.first,
      feedEvents: feed.events.length,
      loadAverage: (await import('node:os')).loadavg().map((l) => round(l, 2)),
      rows,
    };
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(SOAK_FILE, `${JSON.stringify(record, null, 2)}\n`);
    return record;
  } finally {
    await closeBrowser?.().catch(() => {});
    for (const s of spawned) await stopGroup(s).catch(() => {});
    await db?.destroy().catch(() => {});
    if (created && process.env.BENCH_KEEP_DB) step(`kept database ${dbUrl}`);
    else if (created) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end().catch(() => {});
    unguard();
  }
}

/** The last soak's rows from bench/results/soak.json, marked with its date; none when there is none. */
export function lastSoakRows(): BenchResult[] {
  if (!existsSync(SOAK_FILE)) return [];
  try {
    const record = JSON.parse(readFileSync(SOAK_FILE, 'utf8')) as SoakRecord;
    return record.rows.map((r) => ({
      ...r,
      name: `${r.name.replace(/^soak: /, '')} [last soak, ${record.date.slice(0, 16).replace('T', ' ')} UTC; not run now]`,
    }));
  } catch {
    return [];
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = parseSizes(process.argv.slice(2));
  process.env.DEMO_SIMULATION ??= 'off';
  const record = await soak({
    minutes: sizes.minutes ?? 10,
    rate: sizes.rate ?? 2_000,
    browser: process.argv.includes('--browser'),
  });
  for (const r of record.rows)
    console.log(`${r.name}: ${r.value} ${r.unit} (target ${r.target})${r.note ? `\n  ${r.note}` : ''}`);
  console.log(`written: ${SOAK_FILE}`);
}
