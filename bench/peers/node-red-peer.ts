/**
 * The Node-RED peer of the sensors bench: Node-RED 4 from npm, embedded with its own API
 * (`RED.init(server, settings)`, `RED.start()`), editor and admin API off, running one flow:
 *
 *   mqtt in (yiwang/sensors/+/readings, QoS 1, parsed JSON)
 *     → function "threshold rule": the reading's metric against the same thresholds our rules use
 *     → function "alarm counter"
 *
 * It counts readings and alarms in memory — nothing is stored. `GET /count` on PORT answers
 * `{ received, alarms, firstAt, lastAt }` (ms timestamps of the first and last reading seen).
 *
 * Environment: PORT, MQTT_HOST, MQTT_PORT, RULES (JSON by the type part of a demo id:
 * `{"WL": {"metric": "water_level", "op": ">", "value": 0.15}, …}`),
 * NODE_RED_DIR (an empty directory for Node-RED's user files).
 * Run: `node --import tsx bench/peers/node-red-peer.ts`.
 */
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

type Red = {
  init(server: unknown, settings: Record<string, unknown>): void;
  start(): Promise<void>;
  stop(): Promise<void>;
};
const RED = createRequire(import.meta.url)('node-red') as Red;

const counter = { received: 0, alarms: 0, firstAt: 0, lastAt: 0 };

/** Runs inside Node-RED's function node (a sandbox): `global.get('counter')` is the object above. */
const RULE_FUNC = `
const c = global.get('counter');
const now = Date.now();
if (c.received === 0) c.firstAt = now;
c.received++;
c.lastAt = now;
// the sensor's type from its id (DEMO-WL-000001 → WL): the registry lookup, in memory as ours is
const sensorId = msg.topic.split('/')[2];
const rule = global.get('rules')[sensorId.split('-')[1]];
const v = rule && msg.payload && msg.payload.metrics ? msg.payload.metrics[rule.metric] : undefined;
if (typeof v === 'number' && (rule.op === '>' ? v > rule.value : v < rule.value)) {
  msg.alarm = { sensorId, metric: rule.metric, value: v };
  return msg;
}
return null;
`;
const COUNT_FUNC = `global.get('counter').alarms++; return null;`;

const flows = [
  { id: 'tab1', type: 'tab', label: 'yiwang bench' },
  {
    id: 'broker1',
    type: 'mqtt-broker',
    name: 'bench broker',
    broker: process.env.MQTT_HOST ?? '127.0.0.1',
    port: process.env.MQTT_PORT ?? '1883',
    clientid: `nodered-bench-${process.pid}`,
    autoConnect: true,
    usetls: false,
    protocolVersion: '4',
    keepalive: '60',
    cleansession: true,
  },
  {
    id: 'in1',
    type: 'mqtt in',
    z: 'tab1',
    name: 'readings',
    topic: 'yiwang/sensors/+/readings',
    qos: '1',
    datatype: 'json',
    broker: 'broker1',
    nl: false,
    rap: true,
    rh: 0,
    inputs: 0,
    wires: [['rule1']],
  },
  {
    id: 'rule1',
    type: 'function',
    z: 'tab1',
    name: 'threshold rule',
    func: RULE_FUNC,
    outputs: 1,
    wires: [['count1']],
  },
  {
    id: 'count1',
    type: 'function',
    z: 'tab1',
    name: 'alarm counter',
    func: COUNT_FUNC,
    outputs: 0,
    wires: [],
  },
];

const userDir = process.env.NODE_RED_DIR;
if (!userDir) throw new Error('NODE_RED_DIR is required');
const { writeFileSync } = await import('node:fs');
writeFileSync(`${userDir}/flows.json`, JSON.stringify(flows));

const server = createServer((request, response) => {
  if (request.url === '/count') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(counter));
  } else if (request.url === '/readyz') {
    response.writeHead(200).end('ready');
  } else response.writeHead(404).end();
});

RED.init(server, {
  userDir,
  flowFile: 'flows.json',
  credentialSecret: false,
  httpAdminRoot: false,
  httpNodeRoot: false,
  disableEditor: true,
  uiPort: Number(process.env.PORT),
  logging: { console: { level: 'warn', metrics: false, audit: false } },
  functionGlobalContext: { counter, rules: JSON.parse(process.env.RULES ?? '{}') },
  externalModules: { autoInstall: false },
});
await RED.start();
server.listen(Number(process.env.PORT), '127.0.0.1');

const stop = () => void RED.stop().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
