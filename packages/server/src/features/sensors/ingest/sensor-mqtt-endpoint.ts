import { createServer, type Server, type Socket } from 'node:net';
import mqttPacket, { type IConnectPacket, type Packet } from 'mqtt-packet';
import type { SensorIngest } from './sensor-ingest';

/** What the endpoint needs of the ingester (a test can hand it a stand-in). */
export type ReadingSink = Pick<SensorIngest, 'handleMessage'>;

type Log = { info: (msg: string) => void; error: (err: unknown, msg: string) => void };

export type DeviceEndpoint = { port: number; stop: () => Promise<void>; connections: () => number };

export type DeviceEndpointOptions = {
  port: number;
  host: string;
  topicPrefix?: string;
  log: Log;
  /** a connection's readings waiting for their commit before it stops reading more (MQTT_MAX_IN_FLIGHT, default 2,000: enough to keep the ingester busy while a batch commits, few enough that a reading from another connection does not wait long behind them) */
  maxInFlight?: number;
};

/** MQTT 5 CONNACK: what a device may send (§3.2.2.3). */
const RECEIVE_MAXIMUM = 65_535;
/** A reading is a few hundred bytes; 256 KiB leaves room and stops a device filling memory with one packet. */
const MAX_PACKET_BYTES = 256 * 1024;

/**
 * The MQTT endpoint devices publish readings to when there is no MQTT_URL (ADR 012): an
 * ingest-only MQTT 3.1.1 / 5 server on `port` (0 = a free one). mqtt-packet parses and writes
 * every packet but PUBLISH, which is read here (the hot path: a reading is one PUBLISH); this
 * module keeps the per-connection state a device needs — CONNECT/CONNACK, keep-alive, PINGREQ,
 * DISCONNECT — and hands each PUBLISH on `…/{sensorId}/readings` to the ingester. A QoS 1 reading's PUBACK (QoS 2: PUBREC) is sent only once its batch is committed,
 * and the acknowledgements of a batch go out in one socket write. A reading that cannot be
 * stored closes the connection unacknowledged: the device sends it again when it reconnects.
 * SUBSCRIBE is refused (nothing is published to devices here; use MQTT_URL and a broker for that).
 * Resolves to null when the port is taken.
 */
export async function startDeviceEndpoint(
  ingest: ReadingSink,
  options: DeviceEndpointOptions,
): Promise<DeviceEndpoint | null> {
  const open = new Set<DeviceConnection>();
  const server: Server = createServer((socket) => {
    const connection = new DeviceConnection(socket, ingest, options);
    open.add(connection);
    socket.once('close', () => open.delete(connection));
  });
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      options.log.error(
        error,
        `sensor MQTT endpoint: port ${options.port} is not available (${error.code ?? error.message})`,
      );
      resolve(false);
    });
    server.listen(options.port, options.host, () => resolve(true));
  });
  if (!listening) return null;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    connections: () => open.size,
    stop: async () => {
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const c of open) c.close();
      await closed;
    },
  };
}

/** One device's connection. */
class DeviceConnection {
  private readonly parser = mqttPacket.parser({});
  private protocolVersion: 3 | 4 | 5 | undefined;
  private readonly prefix: string;
  private readonly maxInFlight: number;
  /** readings handed to the ingester and not yet committed */
  private inFlight = 0;
  private paused = false;
  private closed = false;
  /** acknowledgements of committed readings, written together on the next tick */
  private acks: number[] = [];
  /** the start of a packet whose end is still to come */
  private rest: Buffer | undefined;
  private ackScheduled = false;

  constructor(
    private readonly socket: Socket,
    private readonly ingest: ReadingSink,
    private readonly options: DeviceEndpointOptions,
  ) {
    this.prefix = `${options.topicPrefix ?? 'yiwang/sensors'}/`;
    this.maxInFlight = options.maxInFlight ?? 2_000;
    socket.setNoDelay(true);
    // a device must CONNECT within 10 s; afterwards its keep-alive sets the timeout
    socket.setTimeout(10_000, () => this.close());
    socket.on('error', () => this.close());
    socket.on('close', () => (this.closed = true));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.parser.on('packet', (packet: Packet) => this.onPacket(packet));
    this.parser.on('error', () => this.close());
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
  }

  /**
   * Cut the stream into packets (fixed header: type and flags, then the remaining length in 1–4
   * bytes). A PUBLISH — nearly every packet — is read here without copying its payload; anything
   * else is handed whole to mqtt-packet's parser, which emits it at once.
   */
  private onData(chunk: Buffer) {
    const data = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    this.rest = undefined;
    let offset = 0;
    while (offset < data.length && !this.closed) {
      // MQTT-3.1.0-1: the first packet is CONNECT (type 1, no flags); anything else ends it at once
      if (!this.protocolVersion && data[offset] !== 0x10) return this.close();
      let length = 0;
      let multiplier = 1;
      let pos = offset + 1;
      let complete = false;
      while (pos < data.length && pos - offset <= 4) {
        const byte = data[pos++]!;
        length += (byte & 0x7f) * multiplier;
        if (byte < 0x80) {
          complete = true;
          break;
        }
        multiplier *= 128;
      }
      if (!complete) {
        if (pos - offset > 4) return this.close(); // a remaining length of more than 4 bytes
        break; // the rest of the header is still to come
      }
      if (length > MAX_PACKET_BYTES) return this.close();
      const end = pos + length;
      if (end > data.length) break; // the rest of the packet is still to come
      const first = data[offset]!;
      if (first >> 4 === 3 && this.protocolVersion) this.readPublish(first & 0x0f, data, pos, end);
      else this.parser.parse(data.subarray(offset, end));
      offset = end;
    }
    if (offset < data.length && !this.closed) this.rest = data.subarray(offset);
  }

  /** PUBLISH (MQTT 3.1.1 §3.3, 5 §3.3): topic, packet id (QoS 1 and 2), properties (5), payload. */
  private readPublish(flags: number, data: Buffer, pos: number, end: number) {
    const qos = (flags >> 1) & 3;
    if (qos === 3 || pos + 2 > end) return this.close();
    const topicEnd = pos + 2 + data.readUInt16BE(pos);
    if (topicEnd > end) return this.close();
    const topic = data.toString('utf8', pos + 2, topicEnd);
    pos = topicEnd;
    let messageId = 0;
    if (qos) {
      if (pos + 2 > end) return this.close();
      messageId = data.readUInt16BE(pos);
      pos += 2;
    }
    if (this.protocolVersion === 5) {
      // properties are skipped: none changes what a reading is (topic aliases are not allowed: CONNACK)
      let length = 0;
      let multiplier = 1;
      for (let i = 0; ; i++) {
        if (pos >= end || i === 4) return this.close();
        const byte = data[pos++]!;
        length += (byte & 0x7f) * multiplier;
        if (byte < 0x80) break;
        multiplier *= 128;
      }
      pos += length;
      if (pos > end) return this.close();
    }
    this.onPublish(topic, qos as 0 | 1 | 2, messageId, data.subarray(pos, end));
  }

  private send(packet: Packet) {
    if (this.closed) return;
    this.socket.write(mqttPacket.generate(packet, { protocolVersion: this.protocolVersion ?? 4 }));
  }

  private onPacket(packet: Packet) {
    if (this.closed) return;
    if (packet.cmd === 'connect') return this.onConnect(packet);
    // MQTT-3.1.0-1: the first packet is CONNECT
    if (!this.protocolVersion) return this.close();
    switch (packet.cmd) {
      case 'pubrel':
        // QoS 2: the reading was stored before PUBREC; release completes the exchange
        return this.send({ cmd: 'pubcomp', messageId: packet.messageId });
      case 'pingreq':
        return this.send({ cmd: 'pingresp' });
      case 'subscribe':
        // nothing is published to devices here: every subscription is refused
        return this.send({
          cmd: 'suback',
          messageId: packet.messageId,
          granted: packet.subscriptions.map(() => (this.protocolVersion === 5 ? 0x87 : 0x80)),
        });
      case 'unsubscribe':
        return this.send({
          cmd: 'unsuback',
          messageId: packet.messageId,
          // 5: "no subscription existed" for each (3.1.1 has no reason codes)
          granted: this.protocolVersion === 5 ? packet.unsubscriptions.map(() => 0x11) : [],
        });
      case 'disconnect':
        return this.close();
      case 'puback':
      case 'pubrec':
      case 'pubcomp':
        return; // nothing was sent that these could answer
      default:
        return this.close();
    }
  }

  private onConnect(packet: IConnectPacket) {
    // MQTT-3.1.0-2: a second CONNECT is a protocol violation
    if (this.protocolVersion) return this.close();
    const version = packet.protocolVersion ?? 4;
    if (version !== 3 && version !== 4 && version !== 5) return this.close();
    this.protocolVersion = version;
    // mqtt-packet's parser reads MQTT 5 properties once told the version (its typings omit `settings`)
    (this.parser as unknown as { settings: { protocolVersion: number } }).settings = {
      protocolVersion: version,
    };
    // keep-alive: the connection is closed after one and a half keep-alives without a packet
    this.socket.setTimeout(packet.keepalive ? packet.keepalive * 1500 : 0);
    this.send(
      version === 5
        ? {
            cmd: 'connack',
            sessionPresent: false,
            reasonCode: 0,
            properties: {
              receiveMaximum: RECEIVE_MAXIMUM,
              maximumPacketSize: MAX_PACKET_BYTES,
              topicAliasMaximum: 0,
              retainAvailable: false,
              wildcardSubscriptionAvailable: false,
              sharedSubscriptionAvailable: false,
            },
          }
        : { cmd: 'connack', sessionPresent: false, returnCode: 0 },
    );
  }

  private onPublish(topic: string, qos: 0 | 1 | 2, messageId: number, payload: Buffer) {
    // anything but a reading is accepted and dropped (no one here subscribes to it)
    const reading = topic.startsWith(this.prefix) && topic.endsWith('/readings');
    if (qos === 0) {
      if (reading) this.ingest.handleMessage(topic, payload, noop);
      return;
    }
    if (!reading) return this.ack(qos, messageId);
    this.inFlight++;
    if (this.inFlight >= this.maxInFlight && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
    this.ingest.handleMessage(topic, payload, (error) => {
      this.inFlight--;
      if (error) {
        // not stored: leave it unacknowledged and drop the connection; the device sends it again
        this.options.log.info(
          `sensor MQTT endpoint: a reading was not stored (${error.message}); closing the device's connection`,
        );
        return this.close();
      }
      this.ack(qos, messageId);
      if (this.paused && this.inFlight < this.maxInFlight / 2) {
        this.paused = false;
        this.socket.resume();
      }
    });
  }

  /** Queue a PUBACK (QoS 1) or PUBREC (QoS 2) for the next tick's write. */
  private ack(qos: 1 | 2, messageId: number) {
    this.acks.push(qos === 1 ? messageId : messageId | 0x10000);
    if (this.ackScheduled) return;
    this.ackScheduled = true;
    process.nextTick(() => this.writeAcks());
  }

  /**
   * All queued acknowledgements in one write: PUBACK and PUBREC with success and no properties
   * are four bytes in MQTT 3.1.1 and 5 alike (5: §3.4.2.1, the reason code may be left out when it is 0).
   */
  private writeAcks() {
    this.ackScheduled = false;
    const ids = this.acks;
    this.acks = [];
    if (this.closed) return;
    const out = Buffer.allocUnsafe(ids.length * 4);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      out[i * 4] = id > 0xffff ? 0x50 : 0x40;
      out[i * 4 + 1] = 0x02;
      out[i * 4 + 2] = (id >> 8) & 0xff;
      out[i * 4 + 3] = id & 0xff;
    }
    this.socket.write(out);
  }
}

const noop = () => {};
