import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@yiwang/db';
import { demoCitizens, demoEnterprises, demoStaff, DEMO_PASSWORD } from '@yiwang/fixtures';
import { WEB_DIST, buildApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { openServerDatabase } from './database-bootstrap';
import { seed } from './seed';
import { applicationTimerHandlers } from './features/applications/application-rules';
import { Scheduler, slaTimerHandlers } from './core/workflow/scheduler';
import { workOrderTimerHandlers } from './features/work-orders/work-order.timers';
import { AuditChainer } from './core/audit/audit-log';
import { hostname } from 'node:os';
import { sensorIngestFor } from './features/sensors/ingest/sensor-ingest';
import { startMqttConsumer } from './features/sensors/ingest/sensor-mqtt';
import { startDeviceEndpoint } from './features/sensors/ingest/sensor-mqtt-endpoint';
import { startMqttTakeover, type Takeover } from './features/sensors/ingest/sensor-mqtt-takeover';
import { startDemoSimulation } from './features/simulator/demo-simulation';

const startedAt = performance.now();
const say = (line: string) => process.stdout.write(`${line}\n`);

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(
      `Yiwang cannot start: ${error.message}\nSee docs/operations.md for every setting.\n`,
    );
    process.exit(2);
  }
  throw error;
}

// The web app is built once, on the first start of a fresh checkout.
if (!existsSync(`${WEB_DIST}/index.html`)) {
  say('Building the web app (first start only)…');
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const built = spawnSync('npx', ['vite', 'build', 'packages/web', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0) {
    process.stderr.write(
      'Building the web app failed; the API still starts. Run `npm run build:web` to see why.\n',
    );
  }
}

let database: Awaited<ReturnType<typeof openServerDatabase>>;
try {
  database = await openServerDatabase(config, (line) => say(line), { supervise: true });
} catch (error) {
  const where = config.databaseUrl
    ? 'the PostgreSQL of DATABASE_URL'
    : `the embedded PostgreSQL in ${config.dataDir}/postgres`;
  process.stderr.write(`Yiwang cannot start: ${where} is not usable: ${(error as Error).message}\n`);
  process.exit(1);
}
if (database.recoveredOrphan)
  say('Recovered: a PostgreSQL left running by a killed earlier run was stopped and restarted.');
// Bounded waits: during a database outage a request gets a 503 in seconds, never hangs (docs/operations.md).
const { db } = openDatabase(database.url, {
  max: 20,
  applicationName: 'yiwang-server',
  connectTimeoutMs: 5000,
  statementTimeoutMs: 60_000,
});
const seeded = await seed(db, { demo: config.seed === 'demo' });
const { app, ctx } = await buildApp({ db, config, databaseUrl: database.url });
await app.listen({ port: config.port, host: config.host });
const scheduler = new Scheduler(
  db,
  { ...slaTimerHandlers, ...applicationTimerHandlers(ctx), ...workOrderTimerHandlers(ctx) },
  `${hostname()}:${process.pid}`,
);
scheduler.start();
const auditChainer = new AuditChainer(db, { onError: (error) => app.log.error(error, 'audit chainer') });
auditChainer.start();

// Sensor readings: from MQTT_URL's broker (shared subscription), or an in-process broker.
const sensorLog = {
  info: (msg: string) => app.log.info(msg),
  error: (error: unknown, msg: string) => app.log.error(error, msg),
};
const sensorIngest = sensorIngestFor(ctx, { log: sensorLog });
let sensorMqtt: { stop: () => Promise<void> } | null = null;
let sensorTakeover: Takeover | null = null;
let sensorLine: string;
try {
  await sensorIngest.start();
  if (config.mqttUrl) {
    const clientId = config.mqttClientId ?? `yiwang-${hostname()}-${config.port}`;
    sensorMqtt = startMqttConsumer(sensorIngest, {
      url: config.mqttUrl,
      clientId,
      shareGroup: config.mqttShareGroup,
      log: sensorLog,
    });
    // a copy that dies: another copy takes over its share at once (sensor-mqtt-takeover.ts)
    sensorTakeover = startMqttTakeover(sensorIngest, {
      url: config.mqttUrl,
      clientId,
      shareGroup: config.mqttShareGroup,
      log: sensorLog,
    });
    sensorLine = `sensors: MQTT_URL broker, shared subscription $share/${config.mqttShareGroup}/yiwang/sensors/+/readings`;
  } else {
    const broker = await startDeviceEndpoint(sensorIngest, {
      port: config.mqttBrokerPort,
      maxInFlight: config.mqttMaxInFlight,
      host: config.host,
      log: sensorLog,
    });
    sensorMqtt = broker;
    sensorLine = broker
      ? `sensors: MQTT endpoint for devices on port ${broker.port} (topic yiwang/sensors/{id}/readings) and POST /api/sensor-readings`
      : `sensors: MQTT port ${config.mqttBrokerPort} is taken — HTTP ingestion only (POST /api/sensor-readings); set MQTT_URL or MQTT_BROKER_PORT`;
  }
} catch (error) {
  app.log.error(error, 'sensor ingestion');
  sensorLine = `sensors: ingestion did not start (${(error as Error).message}); see the log`;
}

const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
say('');
say(`Yiwang 一网 is ready at http://localhost:${port}  (API reference: http://localhost:${port}/api/docs)`);
say(
  `  database: ${database.embedded ? `embedded PostgreSQL in ${config.dataDir}/postgres` : 'DATABASE_URL'}` +
    `${seeded.units || seeded.accounts ? ` · seeded ${seeded.units} units, ${seeded.calendarYears} calendar years, ${seeded.accounts} accounts` : ''}` +
    ` · ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`,
);
say(`  ${sensorLine}`);
if (config.seed === 'demo') {
  say(`  demo accounts (password ${DEMO_PASSWORD}) — staff sign in at /login:`);
  say(`    ${demoStaff.map((s) => s.username).join(', ')}`);
  say(
    `  citizens and enterprises sign in at /public/login with their phone: ${[...demoCitizens, ...demoEnterprises].map((c) => c.phone).join(', ')}`,
  );
}

// The live demo (DEMO_SIMULATION): simulated sensors and 12345 calls, started after listen.
const demoSimulation = config.demoSimulation.enabled
  ? startDemoSimulation(ctx, sensorIngest, { intervalS: config.demoSimulation.intervalS }, sensorLog)
  : undefined;
if (demoSimulation)
  say(
    `  demo simulation: 61,000 simulated sensors reporting every ${config.demoSimulation.intervalS} s and a 12345 call every few minutes (DEMO_SIMULATION=off stops it)`,
  );

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  say(`\n${signal}: stopping…`);
  const force = setTimeout(() => process.exit(1), 20_000);
  force.unref();
  await scheduler.stop().catch(() => {});
  await auditChainer.stop().catch(() => {});
  await demoSimulation?.stop().catch(() => {});
  // readings in hand are stored (and acknowledged) before the MQTT connection closes; the alarms'
  // work orders not yet started are left to the next sweep (a storm queues thousands)
  sensorIngest.alarms.stopOrders();
  await sensorIngest.flush().catch(() => {});
  await sensorMqtt?.stop().catch(() => {});
  // what the broker still holds for this copy goes to the other copies
  await sensorTakeover?.stop({ leaving: true }).catch(() => {});
  await sensorIngest.stop().catch(() => {});
  await app.close().catch(() => {});
  await db.destroy().catch(() => {});
  await database.cluster?.stop().catch(() => {});
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
