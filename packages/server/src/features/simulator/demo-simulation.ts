import type { Database } from '@yiwang/db';
import type { AppContext } from '../../core/app-context';
import type { Actor } from '../../core/auth/actor';
import type { Role } from '../../core/auth/roles';
import { DEMO_SENSOR_PREFIX, DISTRICT_SENSOR_COUNT } from './demo-sensors';
import { countDemoSensors, listCommitteePlaces, registerDemoSensors } from './demo-registry';
import { inProcessHotlineFiler } from './hotline-filer';
import { ReadingSchedule, type SimReading } from './reading-schedule';
import { unit3, type SimSensor } from './sensor-models';

/** What the live demo runs (DEMO_SIMULATION); defaults light enough for a laptop. */
export type DemoSimulationOptions = {
  /** Demo sensors registered (default 61,000: the district's estate). */
  sensors?: number;
  /** Seconds between two readings of a demo sensor (default 600: 61,000 sensors ≈ 100 readings/s). */
  intervalS?: number;
  /** One simulated 12345 call every … seconds (default 120; 0 = none). */
  hotlineEveryS?: number;
  /** One alarm-worthy reading every … seconds (default 180; 0 = none). */
  alarmEveryS?: number;
  seed?: number;
};

/** The part of the sensor ingester the demo needs: the same pipeline as `POST /api/sensor-readings`. */
export type ReadingSink = {
  ingest(readings: SimReading[]): Promise<unknown>;
  /** Reload the registry now (else the new demo sensors are unknown until its next poll). */
  reload?(): Promise<void>;
};

type Log = { info: (msg: string) => void; error: (error: unknown, msg: string) => void };

/** The demo `hotline` operator as an actor (calls are filed in its name), or undefined without the demo seed. */
async function hotlineOperator(db: Database): Promise<Actor | undefined> {
  const row = await db
    .selectFrom('account as a')
    .innerJoin('org_unit as u', 'u.id', 'a.unit_id')
    .select([
      'a.id',
      'a.display_name',
      'a.roles',
      'u.id as unitId',
      'u.code',
      'u.name',
      'u.name_en',
      'u.kind',
      'u.path',
    ])
    .where('a.username', '=', 'hotline')
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    kind: 'staff',
    id: row.id,
    roles: row.roles as Role[],
    unit: {
      id: row.unitId,
      code: row.code,
      name: row.name,
      nameEn: row.name_en,
      kind: row.kind,
      path: row.path,
    },
    label: `simulator:${row.display_name}`,
  };
}

/**
 * The live demo: registers the demo sensors once (bulk, idempotent), then feeds their readings
 * to the ingester in-process at the sensors' pace, with an alarm-worthy reading now and then
 * and a simulated 12345 call every couple of minutes, so the operations screen moves. Starts in
 * the background (never delays start-up); `stop()` ends it and waits for what is in flight.
 *
 * @example
 * const demo = startDemoSimulation(ctx, sensorIngest, {}, log); // after app.listen
 * await demo.stop(); // on SIGTERM
 */
export function startDemoSimulation(
  ctx: AppContext,
  sink: ReadingSink,
  options: DemoSimulationOptions,
  log: Log,
): { stop: () => Promise<void>; ready: Promise<void> } {
  const count = options.sensors ?? DISTRICT_SENSOR_COUNT;
  const intervalS = options.intervalS ?? 600;
  const hotlineEveryMs = (options.hotlineEveryS ?? 120) * 1000;
  const alarmEveryMs = (options.alarmEveryS ?? 180) * 1000;
  const seed = options.seed ?? Date.now() & 0x7fffffff;
  const stopper = new AbortController();
  let tick: NodeJS.Timeout | undefined;
  let working: Promise<unknown> = Promise.resolve();

  const ready = (async () => {
    const before = await countDemoSensors(ctx.db);
    const registration = await registerDemoSensors(ctx.db, count, { intervalS });
    // a demo registered earlier at another pace: report at the new one without going "offline"
    const repaced = await ctx.db
      .updateTable('sensor')
      .set({ interval_s: intervalS, updated_at: new Date() })
      .where('id', 'like', `${DEMO_SENSOR_PREFIX}%`)
      .where('interval_s', '<>', intervalS)
      .executeTakeFirst();
    if (registration.added || Number(repaced.numUpdatedRows)) await sink.reload?.();
    if (stopper.signal.aborted) return;
    const sensors: SimSensor[] = registration.sensors;
    log.info(
      `demo simulation: ${sensors.length.toLocaleString('en')} demo sensors (${registration.added ? `${registration.added.toLocaleString('en')} registered now` : `${before.toLocaleString('en')} already registered`}), ` +
        `a reading each every ${intervalS} s (≈ ${Math.round(sensors.length / intervalS)}/s)` +
        (registration.missingKinds.length
          ? `; no sensor type for ${registration.missingKinds.join(', ')}`
          : ''),
    );
    const schedule = new ReadingSchedule(sensors, { seed, intervalS, startAt: Date.now() });
    const operator = await hotlineOperator(ctx.db);
    const places = await listCommitteePlaces(ctx.db);
    const fileCall =
      operator && places.length ? inProcessHotlineFiler(ctx, operator, places, seed) : undefined;
    const alarmCandidates = sensors.filter((s) => s.kind !== 'elevator');
    let nextCall = Date.now() + Math.min(hotlineEveryMs, 20_000);
    let nextAlarm = Date.now() + Math.min(alarmEveryMs, 30_000);
    let calls = 0;
    let alarms = 0;
    let busy = false;

    const step = async () => {
      const now = Date.now();
      const batch = [...schedule.due(now)];
      if (alarmEveryMs > 0 && now >= nextAlarm && alarmCandidates.length) {
        const s = alarmCandidates[Math.floor(unit3(seed, alarms++, 0xa1) * alarmCandidates.length)]!;
        batch.push(schedule.reading(s, now, true));
        nextAlarm = now + alarmEveryMs;
      }
      for (let i = 0; i < batch.length; i += 2000) await sink.ingest(batch.slice(i, i + 2000));
      if (fileCall && hotlineEveryMs > 0 && now >= nextCall) {
        nextCall = now + hotlineEveryMs * (0.5 + unit3(seed, calls, 0xca11));
        await fileCall(calls++);
      }
    };
    tick = setInterval(() => {
      if (busy || stopper.signal.aborted) return;
      busy = true;
      working = step()
        .catch((error) => log.error(error, 'demo simulation'))
        .finally(() => (busy = false));
    }, 1000);
    tick.unref();
  })().catch((error) => log.error(error, 'demo simulation did not start'));

  return {
    ready,
    async stop() {
      stopper.abort();
      clearInterval(tick);
      await ready;
      clearInterval(tick);
      await working;
    },
  };
}
