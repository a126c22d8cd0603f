/**
 * Sensor ingestion figures (issue 4, "Figures"), on the machine's PostgreSQL and Mosquitto:
 *
 * 1. OURS — the real server (child process) with 61,000 demo sensors registered, as `npm start`
 *    runs it (no MQTT_URL: devices publish to the server's own MQTT endpoint); the simulator
 *    publishes rounds of 61,000 readings (QoS 1) as fast as they are acknowledged: readings
 *    durably stored per second (the server's own counter, checked against count(*) at the end),
 *    the time until the first round of 61,000 is stored, and — while that load runs — reading →
 *    alarm → work order → the operations screen's live feed (SSE /api/cityops/live) for probe
 *    water-level sensors given an over-threshold reading, p50/p99.
 *    Then the storm: one round with every water-level sensor over its threshold at once.
 *    Server RSS with 61,000 registered, after the load (and its peak during the load).
 *    Then the same rounds through the broker, as several copies run (MQTT_URL, a shared
 *    subscription): readings stored per second, with the broker's CPU per reading.
 * 2. PEER — Node-RED (npm, embedded with RED.init; bench/peers/node-red-peer.ts) subscribed to
 *    the same topic, QoS 1, running the same threshold rule on the same readings: readings per second.
 * 3. CEILING — a bare `COPY … FROM STDIN` of the same readings into a table like sensor_reading
 *    (same columns and primary key, partitioned by ts with one default partition), one COPY.
 *
 * The broker: a private Mosquitto (the machine's binary) on a free port with a bench config —
 * no other server or test shares it, and its queues are not capped (see BROKER_CONFIG) — or
 * BENCH_MQTT_URL. A fresh database `yiwang_bench_<random>` on postgres://postgres@127.0.0.1:5432
 * (BENCH_PG_URL overrides) is dropped at the end (BENCH_KEEP_DB=1 keeps it). Every process runs
 * in a group of its own and is killed whatever happens. Printed, never asserted.
 * Run: `npx tsx bench/sensors.bench.ts [--quick]`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import mqtt from 'mqtt';
import pg from 'pg';
import { openDatabase } from '../packages/db/src/index';
import { registerDemoSensors } from '../packages/server/src/features/simulator/demo-registry';
import { MqttReadingPublisher } from '../packages/server/src/features/simulator/reading-publishers';
import {
  ReadingSchedule,
  readingPayload,
  readingTopic,
  type SimReading,
} from '../packages/server/src/features/simulator/reading-schedule';
import { SENSOR_KIND_INFO, hashString } from '../packages/server/src/features/simulator/sensor-models';
import {
  ROOT,
  cpuSeconds,
  freePort,
  guardProcesses,
  rssMb,
  sleep,
  spawnGroup,
  stopGroup,
  tail,
  waitHttp,
  waitTcp,
  type Spawned,
} from './lib/processes';
import { copyFrom } from './peers/pg-copy';
import { RawMqttPublisher } from './peers/raw-mqtt-publisher';
import type { BenchOptions, BenchResult } from './types';

const SERVER_MAIN = join(ROOT, 'packages/server/src/main.ts');
const NODE_RED_PEER = join(ROOT, 'bench/peers/node-red-peer.ts');
const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/sbin/mosquitto'].find(existsSync);
const SENSORS = 61_000;
const PROBES = 300;
const PROBE_EVERY_MS = 100;
const DEMO_PASSWORD = 'Yiwang@2026';
/**
 * The private broker: no persistence, and no cap on a subscriber's queue (Mosquitto's default of
 * 1,000 queued QoS 1 messages would drop the rest of a burst of 61,000 meant for one slower subscriber).
 */
const BROKER_CONFIG = (port: number) =>
  `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 0\nmax_inflight_messages 0\nlog_dest none\n`;

/** Where the bench is, on stderr (a long run shows its progress). */
const benchStart = performance.now();
const step = (what: string) =>
  process.stderr.write(
    `sensors bench: ${what}… (${((performance.now() - benchStart) / 1000).toFixed(1)} s)\n`,
  );
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const fmt = (x: number) => Math.round(x).toLocaleString('en');
function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

// ---------------------------------------------------------------- the server's counters and feed

/** `yiwang_sensor_readings_total{result="stored"}` (+ duplicates) and alarms opened, from /metrics. */
export async function serverCounters(port: number): Promise<{ stored: number; opened: number }> {
  const text =
    await // only the two counters: a full scrape 20 times a second would cost the server several % of its CPU
    (
      await fetch(
        `http://127.0.0.1:${port}/metrics?name=yiwang_sensor_readings_total&name=yiwang_sensor_alarm_events_total`,
        { signal: AbortSignal.timeout(5_000) },
      )
    ).text();
  const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  return {
    stored:
      value(/^yiwang_sensor_readings_total\{result="stored"\} (\d+)/m) +
      value(/^yiwang_sensor_readings_total\{result="duplicate"\} (\d+)/m),
    opened: value(/^yiwang_sensor_alarm_events_total\{event="opened"\} (\d+)/m),
  };
}

/** Sign in (cookie + CSRF) and follow GET /api/cityops/live; each event with its arrival time. */
export async function followLiveFeed(port: number, username: string) {
  const cookies = new Map<string, string>();
  let csrf = '';
  const send = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = {};
    if (cookies.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET') headers['x-csrf-token'] = csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    for (const c of r.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const at = pair.indexOf('=');
      if (pair.slice(at + 1)) cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const json = (await r.json().catch(() => null)) as { csrfToken?: string } | null;
    if (json?.csrfToken) csrf = json.csrfToken;
    return r.status;
  };
  await send('GET', '/api/session');
  const status = await send('POST', '/api/auth/login', { username, password: DEMO_PASSWORD });
  if (status !== 200) throw new Error(`sign-in as ${username}: ${status}`);
  const events: { at: number; event: string; data: Record<string, unknown> }[] = [];
  let connected!: () => void;
  const hello = new Promise<void>((done) => (connected = done));
  const req = httpRequest(
    {
      host: '127.0.0.1',
      port,
      path: '/api/cityops/live',
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'text/event-stream' },
    },
    (res) => {
      if (res.statusCode !== 200) {
        events.push({ at: performance.now(), event: 'http-error', data: { status: res.statusCode } });
        connected();
        return;
      }
      let buffer = '';
      res.setEncoding('utf8');
      res.on('error', () => {}); // the server going away ends the stream
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!event || !data) continue;
          if (event === 'hello') connected();
          try {
            events.push({ at, event, data: JSON.parse(data) as Record<string, unknown> });
          } catch {
            // not JSON
          }
        }
      });
    },
  );
  req.on('error', () => connected());
  req.end();
  await Promise.race([hello, sleep(10_000)]);
  return { events, close: () => req.destroy() };
}

// ---------------------------------------------------------------- readings

/** Rounds of every sensor once, timestamps 1 s apart from `base` (each sensor's readings in order). */
function* rounds(schedule: ReadingSchedule, count: number, base: number): Generator<SimReading> {
  for (let r = 0; r < count; r++) yield* schedule.roundAt(base + r * 1000);
}

/** The same readings as COPY text chunks (sensor_id, metric, ts, value, flagged). */
function* copyChunks(readings: Iterable<SimReading>): Generator<Buffer> {
  let text = '';
  for (const r of readings) {
    for (const [metric, value] of Object.entries(r.metrics))
      text += `${r.sensorId}\t${metric}\t${r.ts}\t${value}\tf\n`;
    if (text.length > 256_000) {
      yield Buffer.from(text);
      text = '';
    }
  }
  if (text) yield Buffer.from(text);
}

type Absorption = {
  total: number;
  stored: number;
  /** ms from the first publish until the first `firstRound` readings were stored */
  firstRoundMs: number;
  /** ms from the first publish until all were stored (or the count stalled) */
  allMs: number;
  publishMs: number;
  peakRssMb: number;
  stalled: boolean;
  /** CPU seconds used during the phase, per process (see CpuMeter) */
  cpu: Record<string, number>;
};

type Message = { topic: string; payload: Buffer; lane: number };
const LANES = 4;

/** The readings as MQTT messages, made before the clock starts; a sensor's readings share a lane (connection), so they stay in order. */
function messages(readings: Iterable<SimReading>): Message[] {
  const out: Message[] = [];
  for (const r of readings)
    out.push({
      topic: readingTopic(r.sensorId),
      payload: Buffer.from(readingPayload(r)),
      lane: hashString(r.sensorId) % LANES,
    });
  return out;
}

/**
 * Publish `msgs` through the broker on LANES bare MQTT connections (QoS 1) and poll a counter
 * until it has grown by all of them (or stops growing for 15 s).
 */
async function absorb(
  url: string,
  msgs: Message[],
  firstRound: number,
  counter: () => Promise<number>,
  rssPid: number | undefined,
  cpu: CpuMeter,
  during?: () => void,
): Promise<Absorption> {
  const total = msgs.length;
  const tag = randomBytes(3).toString('hex');
  const publishers = await Promise.all(
    Array.from({ length: LANES }, (_, i) =>
      RawMqttPublisher.connect(url, `bench-pub-${tag}-${i}`).catch((error: Error) => {
        throw new Error(`load generator, connecting ${i}: ${error.message}`, { cause: error });
      }),
    ),
  );
  const base = await counter();
  const cpu0 = await cpu.read();
  const t0 = performance.now();
  let publishMs = 0;
  const publishing = Promise.all(
    publishers.map((p, lane) =>
      p
        .publishAll(
          (function* () {
            for (const m of msgs) if (m.lane === lane) yield m;
          })(),
        )
        .catch((error: Error) => {
          throw new Error(`load generator, connection ${lane}: ${error.message}`, { cause: error });
        }),
    ),
  ).then(() => (publishMs = performance.now() - t0));
  publishing.catch(() => {}); // awaited below
  let firstRoundMs = NaN;
  let stored = 0;
  let lastChange = performance.now();
  let peakRssMb = 0;
  let stalled = false;
  for (;;) {
    await sleep(50);
    during?.();
    const n = (await counter()) - base;
    if (rssPid) peakRssMb = Math.max(peakRssMb, rssMb(rssPid));
    const now = performance.now();
    if (n > stored) lastChange = now;
    stored = n;
    if (Number.isNaN(firstRoundMs) && stored >= firstRound) firstRoundMs = now - t0;
    if (stored >= total) break;
    if (now - lastChange > 15_000) {
      stalled = true;
      break;
    }
  }
  const allMs = (stalled ? lastChange : performance.now()) - t0;
  const cpu1 = await cpu.read();
  await publishing;
  await Promise.all(publishers.map((p) => p.close()));
  const used = Object.fromEntries(Object.entries(cpu1).map(([k, v]) => [k, Math.max(0, v - (cpu0[k] ?? 0))]));
  return { total, stored, firstRoundMs, allMs, publishMs, peakRssMb, stalled, cpu: used };
}

/**
 * Where the CPU goes during a phase: the consumer (our server or Node-RED), the broker, the
 * PostgreSQL backends of the bench's database, this process (the load generator) and the
 * whole machine (/proc/stat: every process, the other work on it included) — so a figure
 * short of its target says which part used the two cores.
 */
type CpuMeter = { read: () => Promise<Record<string, number>> };
function cpuMeter(parts: {
  consumer: number;
  broker: number | undefined;
  pg: pg.Client;
  dbName: string;
}): CpuMeter {
  const backendStart = new Map<number, number>();
  return {
    read: async () => {
      const { rows } = await parts.pg.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = $1',
        [parts.dbName],
      );
      let postgres = 0;
      for (const { pid } of rows) {
        // a backend first seen now counts from now (its earlier work was before the phase)
        if (!backendStart.has(pid)) backendStart.set(pid, cpuSeconds(pid));
        postgres += cpuSeconds(pid) - backendStart.get(pid)!;
      }
      const self = process.cpuUsage();
      const [, ...jiffies] = readFileSync('/proc/stat', 'utf8')
        .split('\n')[0]!
        .trim()
        .split(/\s+/)
        .map(Number);
      const idle = (jiffies[3] ?? 0) + (jiffies[4] ?? 0);
      const busy = jiffies.slice(0, 8).reduce((a, b) => a + b, 0) - idle;
      return {
        consumer: cpuSeconds(parts.consumer),
        broker: parts.broker ? cpuSeconds(parts.broker) : 0,
        postgres,
        generator: (self.user + self.system) / 1e6,
        machine: busy / 100,
      };
    },
  };
}

/** "consumer 41 µs, broker 12 µs, … per reading; the machine busy 1.9 of 2 cores" */
function cpuNote(a: Absorption, parts = ['consumer', 'broker', 'postgres', 'generator']): string {
  const per = (k: string) => `${k} ${round(((a.cpu[k] ?? 0) / Math.max(1, a.stored)) * 1e6, 1)} µs`;
  const cores = availableParallelism();
  return (
    `CPU per reading: ${parts.map(per).join(', ')}; ` +
    `the machine busy ${round((a.cpu.machine ?? 0) / (a.allMs / 1000), 2)} of ${cores} cores`
  );
}

// ---------------------------------------------------------------- the bench

export async function run({ quick, sizes }: BenchOptions): Promise<BenchResult[]> {
  const roundCount = sizes?.rounds ?? (quick ? 1 : 5);
  const dbName = `yiwang_bench_${randomBytes(4).toString('hex')}`;
  const dbUrl = (() => {
    const u = new URL(ADMIN_URL);
    u.pathname = `/${dbName}`;
    return u.toString();
  })();
  const dataDir = mkdtempSync(join(tmpdir(), 'yiwang-bench-sensors-'));
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  let created = false;
  const spawned: Spawned[] = [];
  const unguard = guardProcesses('sensors bench', () => rmSync(dataDir, { recursive: true, force: true }));
  let db: ReturnType<typeof openDatabase>['db'] | undefined;
  try {
    const pgVersion = (
      await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v")
    ).rows[0]!.v.split(' ')[0]!;
    await admin.query(`CREATE DATABASE ${dbName}`);
    created = true;

    // ---- the broker
    step('broker');
    let brokerPid: number | undefined;
    let mqttUrl = process.env.BENCH_MQTT_URL;
    let brokerLabel = mqttUrl ? `broker ${mqttUrl}` : '';
    if (!mqttUrl) {
      if (!MOSQUITTO) throw new Error('no mosquitto binary: install mosquitto or set BENCH_MQTT_URL');
      const brokerPort = await freePort();
      writeFileSync(join(dataDir, 'mosquitto.conf'), BROKER_CONFIG(brokerPort));
      const broker = spawnGroup(MOSQUITTO, ['-c', join(dataDir, 'mosquitto.conf')], process.env, brokerPort);
      spawned.push(broker);
      brokerPid = broker.child.pid;
      await waitTcp(brokerPort, 10_000);
      mqttUrl = `mqtt://127.0.0.1:${brokerPort}`;
      brokerLabel = `private Mosquitto (${MOSQUITTO}, queues uncapped)`;
    }
    const brokerPort = Number(new URL(mqttUrl).port || 1883);

    // ---- the server: first start seeds (sensor types, rules, demo routing), then 61,000 sensors
    step('server: first start, 61,000 sensors');
    const port = await freePort();
    const endpointPort = await freePort();
    const endpointUrl = `mqtt://127.0.0.1:${endpointPort}`;
    const baseEnv: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: dbUrl,
      SEED: 'demo',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '100000000',
      DEMO_SIMULATION: 'off',
    };
    delete baseEnv.MQTT_URL;
    // npm start's default: no MQTT_URL, devices publish to the server's own MQTT endpoint
    const endpointEnv = { ...baseEnv, MQTT_BROKER_PORT: String(endpointPort) };
    // several copies: MQTT_URL's broker, a shared subscription
    const brokerEnv = {
      ...baseEnv,
      MQTT_URL: mqttUrl,
      MQTT_CLIENT_ID: `bench-${randomBytes(4).toString('hex')}`,
      MQTT_SHARE_GROUP: `bench${randomBytes(4).toString('hex')}`,
    };
    // BENCH_SERVER_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops
    const cpuProf = process.env.BENCH_SERVER_CPU_PROF;
    const serverArgs = [
      ...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : []),
      '--import',
      'tsx',
      SERVER_MAIN,
    ];
    const seeding = spawnGroup(process.execPath, serverArgs, endpointEnv, port);
    spawned.push(seeding);
    await waitHttp(seeding, '/readyz', 120_000);
    db = openDatabase(dbUrl, { max: 4, applicationName: 'yiwang-bench' }).db;
    const registration = await registerDemoSensors(db, SENSORS, { intervalS: 60 });
    if (registration.sensors.length !== SENSORS)
      throw new Error(
        `registered ${registration.sensors.length} sensors (no type for ${registration.missingKinds.join(', ')})`,
      );
    // probe sensors: water level, at the places of the first demo water-level sensors
    await sql
      .raw(
        `INSERT INTO sensor (id, type_code, street_id, committee_id, latitude, longitude, address, interval_s, note)
         SELECT 'BENCH-PROBE-' || lpad(n::text, 4, '0'), s.type_code, s.street_id, s.committee_id, s.latitude, s.longitude,
                s.address, 60, 'bench probe'
           FROM generate_series(1, ${PROBES}) n JOIN sensor s ON s.id = 'DEMO-WL-' || lpad(n::text, 6, '0')`,
      )
      .execute(db);
    const threshold = (
      await db
        .selectFrom('sensor_rule')
        .select(['value', 'op'])
        .where('type_code', '=', 'water-level')
        .where('kind', '=', 'threshold')
        .where('sensor_id', 'is', null)
        .where('opens_work_order', '=', true)
        .executeTakeFirst()
    )?.value;
    const rules = await db
      .selectFrom('sensor_rule')
      .innerJoin('sensor_type', 'sensor_type.code', 'sensor_rule.type_code')
      .select(['sensor_rule.type_code as type', 'sensor_rule.metric', 'sensor_rule.op', 'sensor_rule.value'])
      .where('sensor_rule.kind', '=', 'threshold')
      .where('sensor_rule.sensor_id', 'is', null)
      .where('sensor_rule.active', '=', true)
      .execute();
    await stopGroup(seeding);
    spawned.splice(spawned.indexOf(seeding), 1);

    /**
     * Start the server (with the registry loaded: it has stored 100 warm-up readings of time
     * `warmAt`, later than any of those sensors' earlier readings) and return it.
     */
    const serve = async (env: NodeJS.ProcessEnv, url: string, warmAt: number) => {
      const started = spawnGroup(process.execPath, serverArgs, env, port);
      spawned.push(started);
      await waitHttp(started, '/readyz', 120_000);
      if (env === endpointEnv) await waitTcp(endpointPort, 60_000);
      const warmSchedule = new ReadingSchedule(registration.sensors.slice(0, 100), {
        seed: 2,
        intervalS: 60,
        startAt: 0,
      });
      // a server on the broker subscribes after it answers /readyz, and the broker drops what
      // comes before: publish the round again until it is counted (repeats count as duplicates)
      for (let attempt = 0; attempt < 20 && (await serverCounters(port)).stored < 100; attempt++) {
        const warm = await MqttReadingPublisher.connect(url, {
          connections: 1,
          clientIdPrefix: 'bench-warm',
        });
        for (const r of warmSchedule.roundAt(warmAt)) await warm.publish(r);
        await warm.flush();
        await warm.close();
        for (let i = 0; i < 30 && (await serverCounters(port)).stored < 100; i++) await sleep(100);
      }
      await sleep(quick ? 1_000 : 3_000);
      return started;
    };
    const stop = async (started: Spawned) => {
      await stopGroup(started, cpuProf ? 180_000 : undefined); // a profile is written on a clean exit
      spawned.splice(spawned.indexOf(started), 1);
    };
    let server = await serve(endpointEnv, endpointUrl, Date.now() - 600_000);
    const serverPid = server.child.pid!; // node itself (no tsx wrapper: --import tsx)
    const rssRegistered = rssMb(serverPid);

    // ---- ours: rounds of 61,000 with probes alongside, then the storm
    step('ours: the load');
    const schedule = new ReadingSchedule(registration.sensors, { seed: 7, intervalS: 60, startAt: 0 });
    const base = Date.now() - 300_000;
    const feed = await followLiveFeed(port, 'dispatcher');
    const probeClient = await mqtt.connectAsync(endpointUrl, {
      clientId: `bench-probe-${randomBytes(3).toString('hex')}`,
    });
    const probes: { sensorId: string; sentAt: number }[] = [];
    let lastProbe = 0;
    const sendProbe = () => {
      const now = performance.now();
      if (now - lastProbe < PROBE_EVERY_MS || probes.length >= PROBES) return;
      lastProbe = now;
      const sensorId = `BENCH-PROBE-${String(probes.length + 1).padStart(4, '0')}`;
      probes.push({ sensorId, sentAt: now });
      probeClient.publish(
        `yiwang/sensors/${sensorId}/readings`,
        JSON.stringify({ ts: new Date().toISOString(), metrics: { water_level: 0.5 } }),
        { qos: 1 },
      );
    };
    const loadMessages = messages(rounds(schedule, roundCount, base));
    const ours = await absorb(
      endpointUrl,
      loadMessages,
      SENSORS,
      async () => (await serverCounters(port)).stored,
      serverPid,
      cpuMeter({ consumer: serverPid, broker: undefined, pg: admin, dbName }),
      sendProbe,
    );
    const rssAfter = rssMb(serverPid);
    // give the probes' orders up to 30 s to reach the feed; one still missing counts as its wait so far
    const waitUntil = performance.now() + 30_000;
    const toAlarm: number[] = [];
    const toOrder: number[] = [];
    let missing = 0;
    for (;;) {
      const orderOf = new Map(
        (
          await db
            .selectFrom('sensor_alarm')
            .select(['sensor_id', 'work_order_id'])
            .where('sensor_id', 'like', 'BENCH-PROBE-%')
            .execute()
        ).map((a) => [a.sensor_id, a.work_order_id]),
      );
      toAlarm.length = 0;
      toOrder.length = 0;
      missing = 0;
      const now = performance.now();
      for (const p of probes) {
        const alarm = feed.events.find((e) => e.event === 'alarm' && e.data.sensorId === p.sensorId);
        if (alarm) toAlarm.push(alarm.at - p.sentAt);
        const orderId = orderOf.get(p.sensorId);
        const order =
          orderId &&
          feed.events.find(
            (e) => e.event === 'work-order' && e.data.id === orderId && e.data.event === 'created',
          );
        if (order) toOrder.push(order.at - p.sentAt);
        else {
          missing++;
          toOrder.push(now - p.sentAt);
        }
      }
      if (!missing || now > waitUntil) break;
      await sleep(250);
    }

    // the storm: every water-level sensor well over its threshold in one round
    step('ours: the storm');
    const stormAt = base + roundCount * 1000 + 5_000;
    const storm = new ReadingSchedule(registration.sensors, {
      seed: 7,
      intervalS: 60,
      startAt: stormAt - 30 * 60_000,
      storm: true,
    });
    const waterLevel = registration.sensors.filter((s) => s.kind === 'water-level').length;
    const openedBefore = (await serverCounters(port)).opened;
    const stormRun = await absorb(
      endpointUrl,
      messages(storm.roundAt(stormAt)),
      SENSORS,
      async () => (await serverCounters(port)).stored,
      serverPid,
      cpuMeter({ consumer: serverPid, broker: undefined, pg: admin, dbName }),
    );
    await sleep(quick ? 2_000 : 5_000);
    const stormOpened = (await serverCounters(port)).opened - openedBefore;
    const stormOrders = Number(
      (
        await db
          .selectFrom('work_order')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('source', '=', 'sensor')
          .executeTakeFirstOrThrow()
      ).n,
    );
    feed.close();
    await probeClient.endAsync();
    const storedRows = Number(
      (
        await db
          .selectFrom('sensor_reading')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('sensor_id', 'like', 'DEMO-%')
          .executeTakeFirstOrThrow()
      ).n,
    );
    await stop(server);

    // ---- ours through the broker: MQTT_URL and a shared subscription, as when several copies run
    step('ours: the load through the broker');
    const viaBrokerBase = stormAt + 10_000;
    server = await serve(brokerEnv, mqttUrl, viaBrokerBase - 5_000);
    const viaBrokerPid = server.child.pid!;
    const viaBroker = await absorb(
      mqttUrl,
      messages(rounds(schedule, roundCount, viaBrokerBase)),
      SENSORS,
      async () => (await serverCounters(port)).stored,
      viaBrokerPid,
      cpuMeter({ consumer: viaBrokerPid, broker: brokerPid, pg: admin, dbName }),
    );
    await stop(server);

    // ---- peer: Node-RED on the same broker and readings
    step('peer: Node-RED');
    const nrPort = await freePort();
    const nrDir = join(dataDir, 'node-red');
    rmSync(nrDir, { recursive: true, force: true });
    mkdirSync(nrDir);
    const prefixOf = Object.fromEntries(
      Object.entries(SENSOR_KIND_INFO).map(([kind, info]) => [
        kind === 'pm25' ? 'air-pm25' : kind,
        info.prefix,
      ]),
    );
    const nrRules: Record<string, { metric: string; op: string; value: number }> = {};
    for (const r of rules)
      if (prefixOf[r.type]) nrRules[prefixOf[r.type]!] ??= { metric: r.metric, op: r.op, value: r.value };
    const nodeRed = spawnGroup(
      process.execPath,
      ['--import', 'tsx', NODE_RED_PEER],
      {
        ...process.env,
        PORT: String(nrPort),
        MQTT_HOST: '127.0.0.1',
        MQTT_PORT: String(brokerPort),
        NODE_RED_DIR: nrDir,
        RULES: JSON.stringify(nrRules),
      },
      nrPort,
    );
    spawned.push(nodeRed);
    await waitHttp(nodeRed, '/readyz', 60_000);
    const nrCount = async (): Promise<{ received: number; alarms: number }> => {
      try {
        for (let attempt = 1; ; attempt++) {
          try {
            return (await (await fetch(`http://127.0.0.1:${nrPort}/count`)).json()) as {
              received: number;
              alarms: number;
            };
          } catch (error) {
            // a busy machine can reset a connection now and then: try again before giving up
            if (attempt >= 5 || nodeRed.child.exitCode !== null) throw error;
            await sleep(200);
          }
        }
      } catch (error) {
        throw new Error(
          `Node-RED peer not answering (${(error as Error).message}; exit code ${nodeRed.child.exitCode}):\n${tail(nodeRed.output())}`,
          { cause: error },
        );
      }
    };
    // wait for its subscription: publish warm-up readings until one arrives
    const nrWarm = await mqtt.connectAsync(mqttUrl, {
      clientId: `bench-nr-warm-${randomBytes(3).toString('hex')}`,
    });
    nrWarm.on('error', () => {});
    for (let i = 0; i < 300 && (await nrCount()).received === 0; i++) {
      nrWarm.publish(
        'yiwang/sensors/DEMO-WL-000001/readings',
        JSON.stringify({ ts: new Date().toISOString(), metrics: { water_level: 0.01 } }),
        { qos: 1 },
      );
      await sleep(100);
    }
    await nrWarm.endAsync();
    const nrAlarmsBefore = (await nrCount()).alarms;
    const theirs = await absorb(
      mqttUrl,
      loadMessages,
      SENSORS,
      async () => (await nrCount()).received,
      nodeRed.child.pid,
      cpuMeter({ consumer: nodeRed.child.pid!, broker: brokerPid, pg: admin, dbName }),
    );
    const nrAlarms = (await nrCount()).alarms - nrAlarmsBefore;
    await stopGroup(nodeRed);
    spawned.splice(spawned.indexOf(nodeRed), 1);

    // ---- ceiling: one COPY of the same readings into a table like sensor_reading
    step('ceiling: COPY');
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    await client.query(
      `CREATE TABLE bench_copy_reading (LIKE sensor_reading INCLUDING ALL) PARTITION BY RANGE (ts);
       CREATE TABLE bench_copy_reading_default PARTITION OF bench_copy_reading DEFAULT;`,
    );
    const chunks = [...copyChunks(rounds(schedule, roundCount, base))];
    const c0 = performance.now();
    const copied = await copyFrom(
      client,
      'COPY bench_copy_reading (sensor_id, metric, ts, value, flagged) FROM STDIN',
      chunks,
    );
    const copyMs = performance.now() - c0;
    await client.end();

    // ---- figures
    const rate = (a: Absorption) => (a.stored / a.allMs) * 1000;
    const ourRate = rate(ours);
    const viaBrokerRate = rate(viaBroker);
    const nrRate = rate(theirs);
    const copyRate = (copied / copyMs) * 1000;
    const load = `${roundCount} × ${fmt(SENSORS)} readings`;
    const absorbNote = (a: Absorption, by: string) =>
      `${fmt(a.stored)} of ${fmt(a.total)} counted in ${round(a.allMs / 1000, 2)} s${a.stalled ? ' (count stopped growing: the rest was lost or is still queued)' : ''}; the load generator (${LANES} bare MQTT connections, QoS 1, bench/peers/raw-mqtt-publisher.ts) had them acknowledged by ${by} in ${round(a.publishMs / 1000, 2)} s`;
    const byEndpoint = "the server's endpoint (each after its commit)";
    const nodeRedPeer = {
      name: `Node-RED 4 (mqtt in from the ${brokerLabel.startsWith('private') ? 'private Mosquitto' : 'broker'} → threshold function → counter, nothing stored), same readings`,
      value: Math.round(nrRate),
    };
    const nodeRedNote = `Node-RED: ${absorbNote(theirs, 'the broker')}; its rule flagged ${fmt(nrAlarms)}; ${cpuNote(theirs)}.`;
    return [
      {
        name: `readings stored per second: devices → the server's MQTT endpoint (npm start's default) → rules → PostgreSQL (${load}; PostgreSQL ${pgVersion})`,
        value: Math.round(ourRate),
        unit: '/s',
        peer: nodeRedPeer,
        target: '>= 30,000 /s',
        note:
          `ours: ${absorbNote(ours, byEndpoint)}; ${fmt(storedRows)} DEMO- rows in sensor_reading after it and the storm; ${cpuNote(ours, ['consumer', 'postgres', 'generator'])}. ` +
          `${nodeRedNote} Ceiling: ${fmt(copyRate)}/s (ratio ours ÷ COPY ${round(ourRate / copyRate, 2)}).`,
      },
      {
        name: `readings stored per second through a broker: MQTT_URL, shared subscription (several copies) → rules → PostgreSQL (${load}; ${brokerLabel})`,
        value: Math.round(viaBrokerRate),
        unit: '/s',
        peer: nodeRedPeer,
        target: '>= 30,000 /s',
        note:
          `ours: ${absorbNote(viaBroker, 'the broker')}; ${cpuNote(viaBroker)} — the broker shares the two cores here; ` +
          `with it on a machine of its own the server's and PostgreSQL's share is what counts. ${nodeRedNote}`,
      },
      {
        name: `readings stored per second vs the storage ceiling`,
        value: Math.round(ourRate),
        unit: '/s',
        peer: {
          name: 'bare COPY FROM STDIN of the same readings, one statement, same table shape',
          value: Math.round(copyRate),
        },
        note: `COPY: ${fmt(copied)} rows in ${round(copyMs / 1000, 2)} s (hand-rolled COPY over pg's protocol, bench/peers/pg-copy.ts)`,
      },
      {
        name: `time until a full round of ${fmt(SENSORS)} readings is stored (from the first publish)`,
        value: round(ours.firstRoundMs / 1000, 2),
        unit: 's',
        target: '<= 2 s',
      },
      {
        name: `storm: ${fmt(SENSORS)} readings with all ${fmt(waterLevel)} water-level sensors over ${threshold ?? '?'} m at once — stored in`,
        value: round(stormRun.allMs / 1000, 2),
        unit: 's',
        note:
          `${absorbNote(stormRun, byEndpoint)}; alarms opened within ${quick ? 2 : 5} s after: ${fmt(stormOpened)}; ` +
          `work orders from sensors by then: ${fmt(stormOrders)} (the alarm queue keeps working after the readings are in)`,
      },
      {
        name: `reading → alarm → work order → live feed p99, during the load (${probes.length} probes, one every ${PROBE_EVERY_MS} ms)`,
        value: round(percentile(toOrder, 99)),
        unit: 'ms',
        target: '< 1,000 ms',
        note:
          `p50 ${round(percentile(toOrder, 50))} ms; reading → alarm event on the feed p50 ${round(percentile(toAlarm, 50))} ms, p99 ${round(percentile(toAlarm, 99))} ms ` +
          `(${toAlarm.length} alarms seen); SSE GET /api/cityops/live as the dispatcher` +
          (missing
            ? `; ${missing} orders never reached the feed within 30 s after the load (counted as their wait)`
            : ''),
      },
      {
        name: `server VmRSS with ${fmt(SENSORS)} sensors registered, after the load`,
        value: round(rssAfter),
        unit: 'MB',
        target: '< 500 MB',
        note: `before the load (registry loaded, 100 readings in) ${round(rssRegistered)} MB; peak during the load ${round(Math.max(ours.peakRssMb, stormRun.peakRssMb))} MB (sampled every 50 ms)`,
      },
    ];
  } finally {
    for (const s of spawned) await stopGroup(s).catch(() => {});
    await db?.destroy().catch(() => {});
    if (created && process.env.BENCH_KEEP_DB) process.stderr.write(`sensors bench: kept database ${dbUrl}\n`);
    else if (created) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end().catch(() => {});
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
  for (const r of results) if (r.note) console.log(`note (${r.name}): ${r.note}`);
}
