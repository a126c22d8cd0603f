import mqtt, { type IConnackPacket, type IPublishPacket, type MqttClient } from 'mqtt';
import type { SensorIngest } from './sensor-ingest';
import { SENSOR_TOPIC_PREFIX } from './sensor-mqtt';

/** Where each copy says it is up (retained `up`) and where its will says it is gone (retained `gone`). */
export const PRESENCE_PREFIX = 'yiwang/consumers';
export const presenceTopic = (group: string, clientId: string) => `${PRESENCE_PREFIX}/${group}/${clientId}`;

/**
 * Presence messages expire with the sessions they speak of (a consumer's session expiry is one
 * hour): a `gone` nobody took over is not kept on the broker for ever.
 */
const PRESENCE_TTL_S = 3600;
const retained = { qos: 1, retain: true, properties: { messageExpiryInterval: PRESENCE_TTL_S } } as const;

type Log = { info: (msg: string) => void; error: (err: unknown, msg: string) => void };

export type TakeoverOptions = {
  url: string;
  /** this copy's consumer client id (startMqttConsumer's) */
  clientId: string;
  shareGroup: string;
  topicPrefix?: string;
  log: Log;
  /** how long an adopted session must stay quiet before it is ended (default 500 ms) */
  quietMs?: number;
};

export type Takeover = {
  /** the presence connection (its will says this copy is gone) */
  readonly presence: MqttClient;
  /** Sessions of gone copies taken over so far, with the readings drained from each. */
  readonly adopted: { clientId: string; readings: number }[];
  /**
   * Stop watching. `leaving` (a clean shutdown): say this copy is gone, so that another copy
   * takes over what the broker still holds for it — call it after the consumer has stopped.
   */
  stop: (options?: { leaving?: boolean }) => Promise<void>;
};

/**
 * Takes over the share of a server copy that died. Copies split the readings in one MQTT
 * shared subscription with persistent sessions (so a copy's unacknowledged readings wait for
 * it); but Mosquitto goes on giving a dead copy's session its share — queued, never delivered
 * (and past `max_queued_messages`, dropped). So each copy keeps a presence connection whose
 * will (retained `gone` on `yiwang/consumers/{group}/{clientId}`) the broker publishes the
 * moment the copy's connections drop without a DISCONNECT (SIGKILL, a crash, a lost machine).
 * Every other copy then connects *as* the gone copy (same client id, so the broker resumes
 * its session): it stores and acknowledges the readings queued and in flight there,
 * unsubscribes the session from the share and ends it (session expiry 0) — from then on the
 * broker gives the live copies everything. A copy that comes back connects with its own
 * client id: the broker closes a takeover still running (its unacknowledged readings go back
 * to the copy, and are stored once: the ingester skips a reading already stored), and the
 * copy subscribes afresh. When several copies adopt at once, each connection closes the one
 * before; the last one finishes.
 */
export function startMqttTakeover(ingest: SensorIngest, options: TakeoverOptions): Takeover {
  const prefix = options.topicPrefix ?? SENSOR_TOPIC_PREFIX;
  const filter = `$share/${options.shareGroup}/${prefix}/+/readings`;
  const own = presenceTopic(options.shareGroup, options.clientId);
  const watch = `${PRESENCE_PREFIX}/${options.shareGroup}/+`;
  const quietMs = options.quietMs ?? 500;
  const adopted: { clientId: string; readings: number }[] = [];
  const running = new Map<string, MqttClient>();
  let stopped = false;

  const presence = mqtt.connect(options.url, {
    protocolVersion: 5,
    clientId: `${options.clientId}-presence`,
    clean: true,
    reconnectPeriod: 2000,
    will: { topic: own, payload: Buffer.from('gone'), ...retained },
  });
  presence.on('connect', () => {
    presence.publish(own, 'up', retained);
    presence.subscribe(watch, { qos: 1 }, (error) => {
      if (error) options.log.error(error, `sensor MQTT takeover: subscribing to ${watch} failed`);
    });
  });
  presence.on('error', (error) => options.log.error(error, 'sensor MQTT takeover: presence'));
  presence.on('message', (topic, payload) => {
    const clientId = topic.slice(topic.lastIndexOf('/') + 1);
    if (stopped || clientId === options.clientId || payload.toString() !== 'gone') return;
    if (!running.has(clientId)) adopt(clientId);
  });

  function adopt(clientId: string) {
    const started = performance.now();
    let readings = 0;
    let outstanding = 0;
    let lastMessageAt = performance.now();
    let finished = false;
    const client = mqtt.connect(options.url, {
      protocolVersion: 5,
      clientId,
      clean: false,
      reconnectPeriod: 0,
      // resume the gone copy's session; it ends when this connection does
      properties: { sessionExpiryInterval: 0, receiveMaximum: 65_535 },
    });
    running.set(clientId, client);
    const send = (client as unknown as { _sendPacket: (p: object) => void })._sendPacket.bind(client);
    client.handleMessage = (packet: IPublishPacket, callback) => {
      outstanding++;
      lastMessageAt = performance.now();
      const messageId = packet.messageId;
      ingest.handleMessage(packet.topic, packet.payload as Buffer, (error) => {
        outstanding--;
        lastMessageAt = performance.now();
        if (error) options.log.error(error, `sensor MQTT takeover of ${clientId}: message not stored`);
        else {
          readings++;
          if (packet.qos > 0 && messageId !== undefined && client.connected)
            send({ cmd: 'puback', messageId, reasonCode: 0 });
        }
      });
      callback(packet.qos > 0 ? DEFERRED : undefined);
    };
    const done = (why: string) => {
      if (finished) return;
      finished = true;
      if (running.get(clientId) === client) running.delete(clientId);
      client.end(true);
      options.log.info(`sensor MQTT takeover of ${clientId}: ${why}`);
    };
    client.on('error', (error) => {
      options.log.error(error, `sensor MQTT takeover of ${clientId}`);
      done('connection failed');
    });
    // the copy came back (or another copy adopted it): the broker closed this connection
    client.on('disconnect', () => done('closed by the broker (the copy is back, or another copy took over)'));
    client.on('close', () => done('connection closed'));
    client.on('connect', (connack: IConnackPacket) => {
      if (!connack.sessionPresent) {
        // nothing left of it (already taken over, or its session expired): forget it
        client.end(false, {}, () => {
          finished = true;
          running.delete(clientId);
          clearPresence(clientId);
        });
        return;
      }
      client.unsubscribe(filter, (error) => {
        if (error) return done(`unsubscribe failed (${error.message})`);
        const drain = setInterval(() => {
          if (finished) return clearInterval(drain);
          if (outstanding > 0 || performance.now() - lastMessageAt < quietMs) return;
          clearInterval(drain);
          finished = true;
          running.delete(clientId);
          client.end(false, {}, () => {
            adopted.push({ clientId, readings });
            clearPresence(clientId);
            options.log.info(
              `sensor MQTT: took over the share of ${clientId} (gone): ${readings} readings stored and acknowledged in ${Math.round(performance.now() - started)} ms; its session ended`,
            );
          });
        }, 100);
      });
    });
  }

  /** Remove the retained `gone` of a copy taken over (unless it has said `up` meanwhile: then it is a no-op race we accept). */
  function clearPresence(clientId: string) {
    if (presence.connected)
      presence.publish(presenceTopic(options.shareGroup, clientId), '', { qos: 1, retain: true });
  }

  return {
    presence,
    adopted,
    stop: async ({ leaving = false } = {}) => {
      stopped = true;
      for (const client of running.values()) client.end(true);
      running.clear();
      if (leaving && presence.connected) await presence.publishAsync(own, 'gone', retained).catch(() => {});
      await new Promise<void>((resolve) => presence.end(false, {}, () => resolve()));
    },
  };
}

const DEFERRED = Object.assign(new Error('PUBACK deferred until the reading is stored'), { deferred: true });
