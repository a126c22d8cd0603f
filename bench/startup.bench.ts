/**
 * Startup benchmark: how long `node --import tsx packages/server/src/main.ts` (npm start) takes to answer GET /readyz
 * with 200 on an empty DATA_DIR (initdb + migrations + seed + listen) and on an existing
 * one, and how much memory the server and its embedded PostgreSQL hold when idle.
 *
 * Peers measured in the same run: initdb + first start of PostgreSQL alone, a bare start of
 * the same data directory (EmbeddedCluster, no server), and a bare `node -e` Fastify with one
 * route (the ceiling for the Node part).
 *
 * Every process is started in its own process group and killed, and every temporary
 * directory removed, on success, on failure and on Ctrl-C.
 * Run: `npx tsx bench/startup.bench.ts [--quick]`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EmbeddedCluster } from '../packages/db/src/index';
import { DEMO_PASSWORD } from '../packages/fixtures/src/index';
import {
  ROOT,
  freePort,
  guardProcesses,
  sleep,
  spawnGroup,
  stopGroup,
  waitHttp,
  type Spawned,
} from './lib/processes';
import type { BenchOptions, BenchResult } from './types';

const SERVER_MAIN = join(ROOT, 'packages/server/src/main.ts');
const WEB_INDEX = join(ROOT, 'packages/web/dist/index.html');
const IDLE_MS = 5_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const seconds = (ms: number) => Math.round(ms / 10) / 100;
const megabytes = (kb: number) => Math.round((kb / 1024) * 10) / 10;

// ---------------------------------------------------------------- cleanup, whatever happens

const liveClusters = new Set<EmbeddedCluster>();
const tempDirs = new Set<string>();

/** Remove the temporary directories (EmbeddedCluster's own exit hook stops its PostgreSQL). */
function removeTempDirsSync() {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

async function tempDir(label: string) {
  const dir = await mkdtemp(join(tmpdir(), `yiwang-bench-${label}-`));
  tempDirs.add(dir);
  return dir;
}

function removeTempDir(dir: string) {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

// ---------------------------------------------------------------- /proc

function childPids(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const task of tasks) {
    try {
      const kids = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (kids) out.push(...kids.split(/\s+/).map(Number));
    } catch {
      // the task ended meanwhile
    }
  }
  return out;
}

function descendants(pid: number): number[] {
  const kids = childPids(pid);
  return [...kids, ...kids.flatMap(descendants)];
}

function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

type Memory = { rssKb: number; pssKb: number; processes: number };

/** VmRSS from /proc/<pid>/status and Pss from /proc/<pid>/smaps_rollup, in kB. */
function memoryOf(pid: number): Memory {
  const field = (text: string, name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  return { rssKb: field(status, 'VmRSS'), pssKb: field(rollup, 'Pss'), processes: 1 };
}

function memoryOfTree(root: number): Memory {
  const total: Memory = { rssKb: 0, pssKb: 0, processes: 0 };
  for (const pid of [root, ...descendants(root)]) {
    try {
      const m = memoryOf(pid);
      total.rssKb += m.rssKb;
      total.pssKb += m.pssKb;
      total.processes++;
    } catch {
      // a backend that ended between listing and reading
    }
  }
  return total;
}

/** The postmaster of a data directory, from its lock file. */
function postmasterPid(pgdata: string): number {
  const pid = Number(readFileSync(join(pgdata, 'postmaster.pid'), 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no postmaster pid in ${pgdata}/postmaster.pid`);
  return pid;
}

// ---------------------------------------------------------------- processes

/** Poll GET /readyz every 10 ms until it answers 200; returns ms since `t0`. */
async function waitReady(spawned: Spawned, t0: number, timeoutMs: number): Promise<number> {
  return (await waitHttp(spawned, '/readyz', timeoutMs - (performance.now() - t0), 10)) - t0;
}

/** SIGTERM (the server shuts down gracefully and stops its PostgreSQL); SIGKILL the group after 30 s. */
const stop = (spawned: Spawned) => stopGroup(spawned, 30_000);

type ServerRun = { spawned: Spawned; readyMs: number; selfReportedS: number };

async function startServer(dataDir: string, timeoutMs: number): Promise<ServerRun> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
  };
  delete env.DATABASE_URL;
  const t0 = performance.now();
  // Exactly what `npm start` runs: node with tsx's loader, no wrapper process.
  const spawned = spawnGroup(process.execPath, ['--import', 'tsx', SERVER_MAIN], env, port);
  const readyMs = await waitReady(spawned, t0, timeoutMs);
  // "ready in X s" is printed right after listen; give stdout a moment to arrive.
  let selfReportedS = NaN;
  for (let i = 0; i < 200 && Number.isNaN(selfReportedS); i++) {
    const match = /ready in ([\d.]+) s/.exec(spawned.output());
    if (match) selfReportedS = Number(match[1]);
    else await sleep(10);
  }
  return { spawned, readyMs, selfReportedS };
}

/** A few ordinary requests: probes, the OpenAPI document, the web app, a staff sign-in and two API reads. */
async function exercise(port: number): Promise<{ ok: number; total: number }> {
  const base = `http://127.0.0.1:${port}`;
  let ok = 0;
  let total = 0;
  let cookie = '';
  const call = async (path: string, init: RequestInit = {}) => {
    total++;
    try {
      const response = await fetch(base + path, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), cookie },
        signal: AbortSignal.timeout(10_000),
      });
      const setCookies = response.headers.getSetCookie();
      if (setCookies.length) {
        const jar = new Map(cookie ? cookie.split('; ').map((c) => c.split('=', 2) as [string, string]) : []);
        for (const c of setCookies) {
          const [pair] = c.split(';');
          const at = pair!.indexOf('=');
          jar.set(pair!.slice(0, at), pair!.slice(at + 1));
        }
        cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      }
      const body = await response.text();
      if (response.ok) ok++;
      return { status: response.status, body };
    } catch {
      return { status: 0, body: '' };
    }
  };
  await call('/healthz');
  await call('/readyz');
  await call('/');
  await call('/api/openapi.json');
  const session = await call('/api/session');
  let csrf = '';
  try {
    csrf = (JSON.parse(session.body) as { csrfToken?: string }).csrfToken ?? '';
  } catch {
    // counted as not ok below if sign-in fails
  }
  await call('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
    body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
  });
  await call('/api/units');
  await call('/api/users');
  await call('/api/calendar/years');
  await call('/metrics');
  return { ok, total };
}

/** A bare Fastify with one route in `node -e`: spawn → 200 on /readyz. */
async function bareFastify(measureMemory: boolean): Promise<{ readyMs: number; rssKb?: number }> {
  const port = await freePort();
  const code =
    "const app = require('fastify')();" +
    "app.get('/readyz', async () => ({ status: 'ready' }));" +
    `app.listen({ port: ${port}, host: '127.0.0.1' }).catch((e) => { console.error(e); process.exit(1); });`;
  const t0 = performance.now();
  const spawned = spawnGroup(process.execPath, ['-e', code], { ...process.env }, port);
  try {
    const readyMs = await waitReady(spawned, t0, 30_000);
    if (!measureMemory) return { readyMs };
    for (let i = 0; i < 10; i++) await (await fetch(`http://127.0.0.1:${port}/readyz`)).arrayBuffer();
    await sleep(IDLE_MS);
    return { readyMs, rssKb: memoryOf(spawned.child.pid!).rssKb };
  } finally {
    await stop(spawned);
  }
}

/** The embedded PostgreSQL alone (what the server starts first), timed until it accepts connections. */
async function barePostgres(
  pgdata: string,
  measureMemory: boolean,
): Promise<{ readyMs: number; memory?: Memory }> {
  const cluster = new EmbeddedCluster({ dir: pgdata });
  liveClusters.add(cluster);
  try {
    const t0 = performance.now();
    await cluster.start();
    const readyMs = performance.now() - t0;
    if (!measureMemory) return { readyMs };
    await sleep(IDLE_MS);
    return { readyMs, memory: memoryOfTree(postmasterPid(pgdata)) };
  } finally {
    await cluster.stop();
    liveClusters.delete(cluster);
  }
}

// ---------------------------------------------------------------- the bench

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
  const repeats = quick ? 3 : 5;
  const unguard = guardProcesses('startup bench', removeTempDirsSync);
  const notes: string[] = [];
  try {
    if (!existsSync(WEB_INDEX)) {
      // The server would build the web app inside its first start; do it beforehand, untimed.
      process.stderr.write('startup bench: building the web app first (untimed)…\n');
      spawnSync('npx', ['vite', 'build', 'packages/web', '--logLevel', 'warn'], {
        cwd: ROOT,
        stdio: 'inherit',
      });
    }

    // (a) first start on an empty DATA_DIR.
    const dataDir = await tempDir('data');
    const first = await startServer(dataDir, 120_000);
    await stop(first.spawned);

    // peer for (a): initdb + first start of PostgreSQL alone, in another empty directory.
    const freshDir = await tempDir('initdb');
    const initdbPeer = await barePostgres(join(freshDir, 'postgres'), false);
    removeTempDir(freshDir);

    // (b) restarts on the existing data directory; (c) memory on the last one.
    const warm: { readyMs: number; selfReportedS: number }[] = [];
    let server: Memory | undefined;
    let wrapper: Memory | undefined;
    let postgres: Memory | undefined;
    let requests = { ok: 0, total: 0 };
    for (let i = 0; i < repeats; i++) {
      const started = await startServer(dataDir, 60_000);
      try {
        warm.push({ readyMs: started.readyMs, selfReportedS: started.selfReportedS });
        if (i === repeats - 1) {
          requests = await exercise(started.spawned.port);
          await sleep(IDLE_MS);
          const wrapperPid = started.spawned.child.pid!;
          // tsx runs the program in a child node process; fall back to the wrapper if it does not.
          const nodePid =
            childPids(wrapperPid).find((pid) => cmdline(pid).some((arg) => arg.endsWith('main.ts'))) ??
            wrapperPid;
          server = memoryOf(nodePid);
          wrapper = nodePid === wrapperPid ? undefined : memoryOf(wrapperPid);
          postgres = memoryOfTree(postmasterPid(join(dataDir, 'postgres')));
        }
      } finally {
        await stop(started.spawned);
      }
    }
    if (requests.ok !== requests.total)
      notes.push(
        `only ${requests.ok} of ${requests.total} warm-up requests before the memory reading answered 2xx`,
      );

    // (d) peers for (b): the same data directory started by PostgreSQL alone, and a bare Fastify.
    const pgRuns: number[] = [];
    let pgMemory: Memory | undefined;
    for (let i = 0; i < repeats; i++) {
      const r = await barePostgres(join(dataDir, 'postgres'), i === repeats - 1);
      pgRuns.push(r.readyMs);
      pgMemory ??= r.memory;
    }
    const fastifyRuns: number[] = [];
    let fastifyRss: number | undefined;
    for (let i = 0; i < repeats; i++) {
      const r = await bareFastify(i === repeats - 1);
      fastifyRuns.push(r.readyMs);
      fastifyRss ??= r.rssKb;
    }
    removeTempDir(dataDir);

    const warmReady = median(warm.map((w) => w.readyMs));
    const warmSelf = median(warm.map((w) => w.selfReportedS * 1000));
    const warmBoot = median(warm.map((w) => w.readyMs - w.selfReportedS * 1000));
    const pgMedian = median(pgRuns);
    const fastifyMedian = median(fastifyRuns);
    const n = `median of ${repeats}`;
    const rows: BenchResult[] = [
      {
        name: 'first start, empty DATA_DIR: spawn → /readyz 200 (initdb, migrate, seed, listen)',
        value: seconds(first.readyMs),
        unit: 's',
        peer: { name: 'initdb + first start of PostgreSQL alone', value: seconds(initdbPeer.readyMs) },
        target: '< 20 s',
      },
      {
        name: "first start: the server's own 'ready in'",
        value: first.selfReportedS,
        unit: 's',
      },
      {
        name: `restart, existing DATA_DIR: spawn → /readyz 200 (${n})`,
        value: seconds(warmReady),
        unit: 's',
        peer: {
          name: 'bare PostgreSQL start + bare node Fastify start',
          value: seconds(pgMedian + fastifyMedian),
        },
        target: '< 2 s',
      },
      {
        name: `restart: the server's own 'ready in' (${n})`,
        value: seconds(warmSelf),
        unit: 's',
        peer: { name: 'bare PostgreSQL start of the same data dir', value: seconds(pgMedian) },
      },
      {
        name: `restart: node + tsx boot and module loading (spawn→200 minus 'ready in', ${n})`,
        value: seconds(warmBoot),
        unit: 's',
        peer: { name: 'bare `node -e` Fastify, one route: spawn → 200', value: seconds(fastifyMedian) },
      },
    ];
    if (server)
      rows.push({
        name: `idle server process VmRSS (${requests.total} requests incl. sign-in, then ${IDLE_MS / 1000} s idle)`,
        value: megabytes(server.rssKb),
        unit: 'MB',
        ...(fastifyRss === undefined
          ? {}
          : { peer: { name: 'bare node Fastify, 10 requests + idle', value: megabytes(fastifyRss) } }),
        target: '< 200 MB',
      });
    if (postgres)
      rows.push(
        {
          name: `idle embedded PostgreSQL, Pss sum (postmaster + ${postgres.processes - 1} children)`,
          value: megabytes(postgres.pssKb),
          unit: 'MB',
          ...(pgMemory
            ? {
                peer: {
                  name: `bare PostgreSQL, no clients (${pgMemory.processes} processes)`,
                  value: megabytes(pgMemory.pssKb),
                },
              }
            : {}),
          target: '< 150 MB',
        },
        {
          name: 'idle embedded PostgreSQL, VmRSS sum (counts shared memory once per process)',
          value: megabytes(postgres.rssKb),
          unit: 'MB',
          ...(pgMemory
            ? { peer: { name: 'bare PostgreSQL, no clients', value: megabytes(pgMemory.rssKb) } }
            : {}),
        },
      );
    if (wrapper)
      rows.push({
        name: 'idle tsx wrapper process VmRSS (the parent `tsx` leaves running)',
        value: megabytes(wrapper.rssKb),
        unit: 'MB',
      });
    if (notes.length) rows[0]!.note = notes.join('; ');
    return rows;
  } finally {
    for (const cluster of liveClusters) await cluster.stop().catch(() => {});
    liveClusters.clear();
    unguard();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await run({ quick: process.argv.includes('--quick') });
  console.table(
    results.map((r) => ({
      figure: r.name,
      value: `${r.value} ${r.unit}`,
      peer: r.peer ? `${r.peer.value} ${r.unit} (${r.peer.name})` : '',
      target: r.target ?? '',
    })),
  );
}
