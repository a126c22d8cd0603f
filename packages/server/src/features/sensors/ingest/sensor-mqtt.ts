import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { SensorIngest } from './sensor-ingest';

/** The topic devices publish to: `yiwang/sensors/{sensorId}/readings`. */
export const SENSOR_TOPIC_PREFIX = 'yiwang/sensors';
export const readingsTopic = (sensorId: string, prefix = SENSOR_TOPIC_PREFIX) =>
  `${prefix}/${sensorId}/readings`;

type Log = { info: (msg: string) => void; error: (err: unknown, msg: string) => void };

export type MqttConsumerOptions = {
  url: string;
  clientId: string;
  /** several server copies in one group split the messages ($share/{group}/…) */
  shareGroup?: string;
  topicPrefix?: string;
  log: Log;
};

/**
 * Consume readings from an MQTT broker (MQTT v5, shared subscription, QoS 1). A message's
 * PUBACK is sent only once its batch is committed: mqtt.js handles incoming messages one at a
 * time and would send the PUBACK when told, so each message is handed over at once and the
 * PUBACKs of a committed batch are written by us, together (see PubackWriter) — many messages
 * are in flight (receiveMaximum 65,535).
 */
export function startMqttConsumer(
  ingest: SensorIngest,
  options: MqttConsumerOptions,
): { stop: () => Promise<void>; client: MqttClient; subscribed: Promise<void> } {
  const prefix = options.topicPrefix ?? SENSOR_TOPIC_PREFIX;
  const filter = `$share/${options.shareGroup ?? 'yiwang'}/${prefix}/+/readings`;
  const client = mqtt.connect(options.url, {
    protocolVersion: 5,
    clientId: options.clientId,
    clean: false,
    reconnectPeriod: 2000,
    properties: { receiveMaximum: 65_535, sessionExpiryInterval: 3600 },
    // mqtt.js logs about ten debug lines per message through `debug`, which costs even when off
    log: () => {},
  });
  const acks = new PubackWriter(client);
  client.handleMessage = (packet: IPublishPacket, callback) => {
    const messageId = packet.messageId;
    ingest.handleMessage(packet.topic, packet.payload as Buffer, (error) => {
      if (error)
        options.log.error(
          error,
          `sensor MQTT: message ${messageId} not acknowledged (it will be redelivered)`,
        );
      else if (packet.qos > 0 && messageId !== undefined) acks.add(messageId);
    });
    // tell mqtt.js not to send the PUBACK itself (an error here only skips it) and go on
    callback(packet.qos > 0 ? DEFERRED : undefined);
  };
  let subscribed!: () => void;
  const subscribedOnce = new Promise<void>((resolve) => (subscribed = resolve));
  client.on('connect', () => {
    client.subscribe(filter, { qos: 1 }, (error) => {
      if (error) options.log.error(error, `sensor MQTT: subscribing to ${filter} failed`);
      else {
        options.log.info(`sensor MQTT: subscribed to ${filter} on ${redact(options.url)}`);
        subscribed();
      }
    });
  });
  client.on('error', (error) => options.log.error(error, 'sensor MQTT'));
  return {
    client,
    subscribed: subscribedOnce,
    stop: () => new Promise<void>((resolve) => client.end(false, {}, () => resolve())),
  };
}

/**
 * The PUBACKs of a committed batch, written to the socket as one buffer: a batch acknowledges
 * thousands of messages at once, and mqtt.js would write each PUBACK in several small writes
 * (measured: a sixth of the server's time in writev at 14,000 readings a second). An MQTT 5
 * PUBACK with reason code 0 and no properties is four bytes (§3.4.2.1: the reason code may be
 * left out when it is 0). PUBACKs of a connection that has since closed are dropped: the broker
 * redelivers those messages on the new connection, and the readings are stored once.
 */
class PubackWriter {
  private ids: number[] = [];
  private stream: unknown;
  private scheduled = false;

  constructor(private readonly client: MqttClient) {}

  add(messageId: number) {
    if (!this.ids.length) this.stream = this.client.stream;
    this.ids.push(messageId);
    if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(() => this.write());
    }
  }

  private write() {
    this.scheduled = false;
    const ids = this.ids;
    this.ids = [];
    const stream = this.client.stream;
    if (!this.client.connected || stream !== this.stream || stream.destroyed) return;
    const out = Buffer.allocUnsafe(ids.length * 4);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      out[i * 4] = 0x40;
      out[i * 4 + 1] = 0x02;
      out[i * 4 + 2] = id >> 8;
      out[i * 4 + 3] = id & 0xff;
    }
    stream.write(out);
  }
}

const DEFERRED = Object.assign(new Error('PUBACK deferred until the reading is stored'), { deferred: true });
const redact = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');
