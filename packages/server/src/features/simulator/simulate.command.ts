import { Command, InvalidArgumentError, Option } from 'commander';
import type { Database } from '@yiwang/db';
import { DEMO_PASSWORD } from '@yiwang/fixtures';
import { DISTRICT_SENSOR_COUNT, demoSensorIds } from './demo-sensors';
import { registerDemoSensors } from './demo-registry';
import { httpHotlineFiler } from './hotline-filer';
import { HttpReadingPublisher, MqttReadingPublisher, type ReadingPublisher } from './reading-publishers';
import { ReadingSchedule } from './reading-schedule';
import { SENSOR_KIND_INFO, hashString, type SimSensor } from './sensor-models';
import { formatProgress, runPaced } from './sensor-run';

/** `60s`, `5m`, `1h`, `250ms` or a bare number of seconds → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new InvalidArgumentError(`${text}: give a duration such as 60s, 5m or 1h`);
  const n = Number(m[1]);
  const ms = n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  if (ms <= 0) throw new InvalidArgumentError(`${text}: must be more than zero`);
  return ms;
}

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${v}: a whole number of at least 1`);
  return n;
};
const positive = (v: string) => {
  const n = Number(v);
  if (!(n > 0)) throw new InvalidArgumentError(`${v}: a number above 0`);
  return n;
};

type SensorsOptions = {
  count: number;
  interval: number;
  storm?: boolean;
  mqttUrl?: string;
  http?: string;
  apiKey?: string;
  duration?: number;
  seed: number;
  connections: number;
  register: boolean;
};

type HotlineOptions = {
  rate: number;
  url: string;
  username: string;
  count?: number;
  duration?: number;
  seed: number;
};

/** A line that rewrites itself on a terminal, or a line every 5 s in a log. */
function progressWriter(out: (line: string) => void) {
  const tty = process.stdout.isTTY;
  return {
    periodMs: tty ? 1000 : 5000,
    line: (text: string) => (tty ? process.stdout.write(`\r\x1b[K${text}`) : out(text)),
    done: () => tty && process.stdout.write('\n'),
  };
}

/** Ctrl-C / SIGTERM end the run cleanly (what is in flight is still acknowledged). */
function stopSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return controller.signal;
}

/**
 * The `simulate` command group of the yiwang CLI: `simulate sensors` publishes readings of the
 * demo sensors to a running server (MQTT or HTTP), `simulate hotline` files 12345 calls.
 */
export function simulateCommand(
  withDatabase: <T>(work: (db: Database) => Promise<T>) => Promise<T>,
  out: (line: string) => void,
  defaults: { port: number; mqttUrl: string | undefined },
): Command {
  const simulate = new Command('simulate').description(
    'simulated sensors and 12345 calls against a running server (the demo data comes from here)',
  );

  simulate
    .command('sensors')
    .description(
      'register demo sensors (DEMO-WL-000001 …, over the 198 committees) and publish their readings, paced, over MQTT (QoS 1) or HTTP',
    )
    .option('--count <n>', 'how many sensors', positiveInt, DISTRICT_SENSOR_COUNT)
    .addOption(
      new Option('--interval <duration>', 'each sensor reports every … (e.g. 60s, 5m)')
        .argParser(parseDuration)
        .default(60_000, '60s'),
    )
    .option('--storm', 'storm mode: every water-level sensor rises at once')
    .option(
      '--mqtt-url <url>',
      `the MQTT broker (default MQTT_URL, else mqtt://127.0.0.1:1883 — the server's own broker)`,
    )
    .addOption(
      new Option('--http <url>', 'publish to POST /api/sensor-readings of this server instead').conflicts(
        'mqttUrl',
      ),
    )
    .option('--api-key <key>', 'API key with role device, for --http (or YIWANG_API_KEY)')
    .option('--duration <duration>', 'stop after … (default: until Ctrl-C)', parseDuration)
    .option('--seed <n>', 'random seed: the same seed gives the same readings', positiveInt, 1)
    .option('--connections <n>', 'MQTT connections the sensors share', positiveInt, 4)
    .option('--no-register', 'do not register the demo sensors in the database (they must exist already)')
    .action(async (opts: SensorsOptions) => {
      const intervalS = Math.max(1, Math.round(opts.interval / 1000));
      let sensors: SimSensor[];
      if (opts.register) {
        sensors = await withDatabase(async (db) => {
          const r = await registerDemoSensors(db, opts.count, { intervalS });
          out(
            `demo sensors: ${r.added.toLocaleString('en')} registered now, ${r.existing.toLocaleString('en')} already there` +
              (r.missingKinds.length ? ` (no sensor type for ${r.missingKinds.join(', ')}: left out)` : ''),
          );
          if (r.added) {
            // a running server looks for registry changes every 5 s; earlier readings would be unknown sensors
            out('waiting 6 s for the server to load the new sensors…');
            await new Promise((done) => setTimeout(done, 6_000));
          }
          return r.sensors;
        });
      } else {
        sensors = demoSensorIds(opts.count).map(({ id, kind }) => ({
          id,
          kind,
          metric: SENSOR_KIND_INFO[kind].metric,
          key: hashString(id),
          interval: intervalS,
        }));
      }
      let publisher: ReadingPublisher;
      let target: string;
      if (opts.http) {
        const apiKey = opts.apiKey ?? process.env.YIWANG_API_KEY;
        if (!apiKey)
          throw new InvalidArgumentError(
            '--api-key: --http needs an API key with role device (or YIWANG_API_KEY)',
          );
        publisher = new HttpReadingPublisher(opts.http, apiKey, { batch: 500, concurrency: 4 });
        target = `${opts.http}/api/sensor-readings`;
      } else {
        const url = opts.mqttUrl ?? defaults.mqttUrl ?? 'mqtt://127.0.0.1:1883';
        publisher = await MqttReadingPublisher.connect(url, { connections: opts.connections });
        target = `${url} (yiwang/sensors/{id}/readings, QoS 1, ${opts.connections} connections)`;
      }
      const schedule = new ReadingSchedule(sensors, {
        seed: opts.seed,
        intervalS,
        startAt: Date.now(),
        storm: !!opts.storm,
      });
      out(
        `publishing ${sensors.length.toLocaleString('en')} sensors every ${intervalS} s (≈ ${Math.round(sensors.length / intervalS).toLocaleString('en')} readings/s)` +
          `${opts.storm ? ', STORM: every water-level sensor rising' : ''} to ${target}` +
          `${opts.duration ? ` for ${opts.duration / 1000} s` : '; Ctrl-C stops'}`,
      );
      const progress = progressWriter(out);
      try {
        const last = await runPaced(schedule, publisher, {
          ...(opts.duration ? { durationMs: opts.duration } : {}),
          signal: stopSignal(),
          progressMs: progress.periodMs,
          onProgress: (p) => progress.line(formatProgress(p)),
        });
        progress.done();
        out(`done: ${formatProgress(last)}`);
        if (last.failed) process.exitCode = 1;
      } finally {
        await publisher.close();
      }
    });

  simulate
    .command('hotline')
    .description(
      'file simulated 12345 calls (POST /api/work-orders) as a hotline operator of a running server',
    )
    .requiredOption('--rate <n>', 'calls per minute', positive)
    .option('--url <url>', 'the server', `http://127.0.0.1:${defaults.port}`)
    .option(
      '--username <name>',
      'a staff account with the operator role (password: YIWANG_PASSWORD, else the demo one)',
      'hotline',
    )
    .option('--count <n>', 'stop after this many calls', positiveInt)
    .option('--duration <duration>', 'stop after … (default: until Ctrl-C)', parseDuration)
    .option('--seed <n>', 'random seed: the same seed gives the same calls', positiveInt, 1)
    .action(async (opts: HotlineOptions) => {
      const file = await httpHotlineFiler(
        opts.url,
        opts.username,
        process.env.YIWANG_PASSWORD ?? DEMO_PASSWORD,
        opts.seed,
      );
      const signal = stopSignal();
      const everyMs = 60_000 / opts.rate;
      const end = opts.duration ? Date.now() + opts.duration : Infinity;
      out(`filing ${opts.rate} calls a minute at ${opts.url} as ${opts.username}; Ctrl-C stops`);
      let filed = 0;
      let failed = 0;
      const t0 = Date.now();
      for (
        let n = 0;
        !signal.aborted && Date.now() < end && (opts.count === undefined || n < opts.count);
        n++
      ) {
        try {
          const { orderNo } = await file(n);
          filed++;
          out(
            `${((Date.now() - t0) / 1000).toFixed(1)} s · ${orderNo} · ${filed} filed${failed ? `, ${failed} failed` : ''}`,
          );
        } catch (error) {
          failed++;
          out(`call ${n} failed: ${(error as Error).message}`);
        }
        const wait = t0 + (n + 1) * everyMs - Date.now();
        if (wait > 0)
          await new Promise<void>((done) => {
            const timer = setTimeout(done, wait);
            signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true });
          });
      }
      out(`done: ${filed} calls filed${failed ? `, ${failed} failed` : ''}`);
      if (failed) process.exitCode = 1;
    });

  return simulate;
}
