/**
 * A bare MQTT 3.1.1 publisher for load: PUBLISH packets (QoS 1) encoded by hand and written to
 * the socket in large batches, PUBACKs counted — so the bench's load generator is not what limits
 * the figures (mqtt.js spends tens of microseconds per publish). Not a general client: no
 * reconnect, no retransmission; a lost connection fails the run.
 */
import { Socket } from 'node:net';

/** MQTT's variable-length "remaining length". */
function remainingLength(n: number): Buffer {
  const bytes: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    bytes.push(b);
  } while (n > 0);
  return Buffer.from(bytes);
}

const utf8 = (text: string) => {
  const b = Buffer.from(text, 'utf8');
  const out = Buffer.alloc(2 + b.length);
  out.writeUInt16BE(b.length, 0);
  b.copy(out, 2);
  return out;
};

/** One PUBLISH, QoS 1, with its message id. */
export function publishPacket(topic: string, payload: Buffer, messageId: number): Buffer {
  const t = utf8(topic);
  const id = Buffer.from([messageId >> 8, messageId & 0xff]);
  const body = t.length + 2 + payload.length;
  return Buffer.concat([Buffer.from([0x32]), remainingLength(body), t, id, payload]);
}

export class RawMqttPublisher {
  acked = 0;
  sent = 0;
  private inFlight = new Set<number>();
  private nextId = 1;
  private waiting: (() => void) | undefined;
  private failed: Error | undefined;
  private buffered = Buffer.alloc(0);

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('the broker closed the connection')));
  }

  /** Connect (clean session) and wait for CONNACK. */
  static connect(url: string, clientId: string): Promise<RawMqttPublisher> {
    const u = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      socket.setNoDelay(true);
      socket.once('error', reject);
      socket.connect(Number(u.port || 1883), u.hostname, () => {
        const variable = Buffer.concat([utf8('MQTT'), Buffer.from([4, 0x02, 0, 60])]);
        const payload = utf8(clientId);
        socket.write(
          Buffer.concat([
            Buffer.from([0x10]),
            remainingLength(variable.length + payload.length),
            variable,
            payload,
          ]),
        );
        socket.once('data', (chunk: Buffer) => {
          if (chunk[0] !== 0x20 || chunk[3] !== 0) return reject(new Error(`CONNACK refused (${chunk[3]})`));
          socket.off('error', reject);
          const publisher = new RawMqttPublisher(socket);
          if (chunk.length > 4) publisher.onData(chunk.subarray(4));
          resolve(publisher);
        });
      });
    });
  }

  private fail(error: Error) {
    this.failed ??= error;
    this.waiting?.();
  }

  private onData(chunk: Buffer) {
    let data = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    while (data.length >= 4 && data[0] === 0x40) {
      this.inFlight.delete(data.readUInt16BE(2));
      this.acked++;
      data = data.subarray(4);
    }
    this.buffered = Buffer.from(data);
    this.waiting?.();
  }

  /**
   * Publish every message (QoS 1), at most `window` unacknowledged, written `batch` packets per
   * socket write; resolves when all are acknowledged.
   */
  async publishAll(
    messages: Iterable<{ topic: string; payload: Buffer }>,
    window = 20_000,
    batch = 500,
  ): Promise<void> {
    let pending: Buffer[] = [];
    const flush = () => {
      if (pending.length) this.socket.write(Buffer.concat(pending));
      pending = [];
    };
    const wait = () => new Promise<void>((done) => (this.waiting = done));
    for (const m of messages) {
      while (this.inFlight.size >= window || this.inFlight.has(this.nextId)) {
        flush();
        await wait();
        if (this.failed) throw this.failed;
      }
      const id = this.nextId;
      this.nextId = this.nextId === 65_535 ? 1 : this.nextId + 1;
      this.inFlight.add(id);
      pending.push(publishPacket(m.topic, m.payload, id));
      this.sent++;
      if (pending.length >= batch) {
        flush();
        // let acknowledgements in between batches
        if (this.socket.writableNeedDrain) await new Promise((done) => this.socket.once('drain', done));
      }
    }
    flush();
    while (this.inFlight.size) {
      await wait();
      if (this.failed) throw this.failed;
    }
  }

  close(): Promise<void> {
    return new Promise((done) => {
      this.socket.removeAllListeners('close');
      this.socket.end(Buffer.from([0xe0, 0x00]), () => done());
      this.socket.once('close', () => done());
    });
  }
}
