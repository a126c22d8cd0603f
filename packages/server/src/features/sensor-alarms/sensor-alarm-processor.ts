import type { LiveEvent } from '../../core/live';
import type { AppContext } from '../../core/app-context';
import type { ClearEvent, RaiseEvent, RuleEngine } from '../sensor-rules/sensor-rule-engine';
import { alarmCounter } from '../sensors/ingest/sensor-metrics';
import {
  alarmLiveEvent,
  alarmsAwaitingOrder,
  clearAlarmsByKey,
  insertAlarms,
  openAlarmKeys,
  publishLiveMany,
  updateOpenAlarms,
  type AlarmHead,
  type RaiseRow,
} from './sensor-alarm.repository';
import { commentOnOrder, openOrderForAlarm, syncOfflineAlarms } from './sensor-alarm.service';

/** work orders opened at once (each on its own connections: the server's pool has 20) */
const ORDER_WORKERS = 4;

type Log = { info: (msg: string) => void; error: (err: unknown, msg: string) => void };

/** Readings back to normal clear the alarm automatically; the order only gets an update. */
export const AUTO_CLEAR_COMMENT =
  '读数已恢复正常，告警自动解除 · readings back to normal: alarm cleared automatically';

/**
 * The alarm queue behind the ingester: rule events of many batches are aggregated per sensor
 * and alarm type and written set-wise (one UPDATE for open alarms, one INSERT … ON CONFLICT DO
 * NOTHING for new ones — the partial unique index keeps one open alarm per sensor and type
 * across server copies), with live events in the same transaction. Work orders for new alarms
 * are opened after, by a second queue; a sweep catches any left without one.
 */
export class AlarmProcessor {
  private raises: RaiseEvent[] = [];
  private clears: ClearEvent[] = [];
  private running: Promise<void> | undefined;
  private orders: { id: string; key?: string }[] = [];
  private readonly orderSet = new Set<string>();
  private readonly orderKeys = new Set<string>();
  private workers = 0;
  private ordering: Promise<void> | undefined;
  private orderingDone: (() => void) | undefined;
  private readonly failedOrders = new Set<string>();
  private lastOrderSweep = 0;
  private ordersStopped = false;
  processed = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly engine: RuleEngine,
    private readonly log: Log,
  ) {}

  push(raises: RaiseEvent[], clears: ClearEvent[]): void {
    this.raises.push(...raises);
    this.clears.push(...clears);
    this.run();
  }

  /**
   * Shutting down: the work orders not started yet are left (the alarms are stored; any copy's
   * sweep opens their orders a minute later, alarmsAwaitingOrder), those under way finish — so a
   * storm's thousands of queued orders do not hold the process past its stop.
   */
  stopOrders(): void {
    this.ordersStopped = true;
    for (const o of this.orders) this.orderSet.delete(o.id);
    this.orders = [];
  }

  /** Wait until every queued event (and the work orders it opens) is written. */
  async drain(): Promise<void> {
    while (this.running || this.ordering) {
      await this.running;
      await this.ordering;
    }
  }

  /** Refresh the set of open alarms (other copies and staff open and clear them too). */
  async refreshOpen(): Promise<void> {
    const keys = await openAlarmKeys(this.ctx.db);
    this.engine.openAlarms.clear();
    for (const k of keys) this.engine.openAlarms.add(k);
    if (Date.now() - this.lastOrderSweep < 60_000) return;
    this.lastOrderSweep = Date.now();
    for (const id of await alarmsAwaitingOrder(this.ctx.db, 60_000))
      if (!this.failedOrders.has(id)) this.queueOrder(id);
  }

  /**
   * The ingester's offline sweep: silent sensors offline with an `offline` alarm, those heard
   * from again cleared (syncOfflineAlarms); orders, when the type says so, by the order queue.
   */
  async sweepOffline(): Promise<{ wentOffline: number; opened: number; cleared: number }> {
    const { toOrder, ...counts } = await syncOfflineAlarms(this.ctx);
    for (const id of toOrder) this.queueOrder(id);
    return counts;
  }

  private run() {
    this.running ??= (async () => {
      await null; // the finally below must run after this assignment
      try {
        while (this.raises.length || this.clears.length) {
          const raises = this.raises;
          const clears = this.clears;
          this.raises = [];
          this.clears = [];
          try {
            await this.write(raises, clears);
          } catch (error) {
            this.log.error(error, `sensor alarms: writing ${raises.length} events failed`);
          }
        }
      } finally {
        this.running = undefined;
      }
    })();
  }

  private async write(raises: RaiseEvent[], clears: ClearEvent[]) {
    const byKey = new Map<string, RaiseRow>();
    for (const e of raises) {
      const key = `${e.sensorId}|${e.alarmType}`;
      const high = e.rule.op === '>';
      const a = byKey.get(key);
      if (!a)
        byKey.set(key, {
          sensorId: e.sensorId,
          alarmType: e.alarmType,
          ruleId: e.rule.id,
          severity: e.rule.severity,
          metric: e.rule.metric,
          threshold: e.rule.value,
          high,
          n: 1,
          peak: e.value,
          lastValue: e.value,
          firstTs: e.ts,
          lastTs: e.ts,
        });
      else {
        a.n++;
        a.peak = high ? Math.max(a.peak, e.value) : Math.min(a.peak, e.value);
        if (e.ts >= a.lastTs) {
          a.lastTs = e.ts;
          a.lastValue = e.value;
        }
        a.firstTs = Math.min(a.firstTs, e.ts);
      }
    }
    // a clear and a later raise of the same key in one round: the raise wins
    const clearKeys = new Map<string, ClearEvent>();
    for (const c of clears) {
      const key = `${c.sensorId}|${c.alarmType}`;
      const r = byKey.get(key);
      if (!r || r.lastTs < c.ts) clearKeys.set(key, c);
    }
    const rows = [...byKey.values()]
      .filter(
        (r) =>
          !clearKeys.has(`${r.sensorId}|${r.alarmType}`) ||
          clearKeys.get(`${r.sensorId}|${r.alarmType}`)!.ts < r.lastTs,
      )
      .sort((a, b) => (a.sensorId + a.alarmType < b.sensorId + b.alarmType ? -1 : 1));
    const opened: AlarmHead[] = [];
    await this.ctx.db.transaction().execute(async (trx) => {
      const events: LiveEvent[] = [];
      const cleared = await clearAlarmsByKey(
        trx,
        [...clearKeys.values()].filter(
          (c) =>
            !byKey.has(`${c.sensorId}|${c.alarmType}`) ||
            byKey.get(`${c.sensorId}|${c.alarmType}`)!.lastTs < c.ts,
        ),
        AUTO_CLEAR_COMMENT,
      );
      for (const a of cleared) {
        events.push(alarmLiveEvent(a, 'cleared'));
        if (a.work_order_id)
          await commentOnOrder(trx, this.ctx, a.work_order_id, `传感器 ${a.sensor_id} ${AUTO_CLEAR_COMMENT}`);
      }
      let todo = rows;
      for (let round = 0; todo.length && round < 3; round++) {
        const updated = await updateOpenAlarms(trx, todo);
        const done = new Set(updated.map((a) => `${a.sensor_id}|${a.alarm_type}`));
        const inserted = await insertAlarms(
          trx,
          todo.filter((r) => !done.has(`${r.sensorId}|${r.alarmType}`)),
        );
        for (const a of updated) events.push(alarmLiveEvent(a, 'updated'));
        for (const a of inserted) {
          events.push(alarmLiveEvent(a, 'opened'));
          done.add(`${a.sensor_id}|${a.alarm_type}`);
          opened.push(a);
        }
        todo = todo.filter((r) => !done.has(`${r.sensorId}|${r.alarmType}`));
      }
      await publishLiveMany(trx, events);
      for (const e of events) alarmCounter.inc({ event: e.kind === 'alarm' ? e.event : 'other' });
      this.processed += events.length;
      for (const a of cleared) this.engine.openAlarms.delete(`${a.sensor_id}|${a.alarm_type}`);
    });
    for (const r of rows) this.engine.openAlarms.add(`${r.sensorId}|${r.alarmType}`);
    for (const a of opened) {
      const rule = byKey.get(`${a.sensor_id}|${a.alarm_type}`)?.ruleId;
      const opens = raises.find((e) => e.rule.id === rule)?.rule.opensWorkOrder;
      if (opens) this.queueOrder(a.id, `${a.sensor_id}|${a.alarm_type}`);
    }
  }

  /**
   * Work orders are opened by a few workers at once (createWorkOrder takes several round trips;
   * one at a time, a burst of alarms kept the next ones waiting seconds). Alarms of the same
   * sensor and type never run together: the second may join the first one's order.
   */
  private queueOrder(alarmId: string, key?: string) {
    if (this.ordersStopped || this.orderSet.has(alarmId)) return;
    this.orderSet.add(alarmId);
    this.orders.push({ id: alarmId, key });
    while (this.workers < ORDER_WORKERS && this.workers < this.orders.length) {
      this.workers++;
      const worker = this.orderWorker().finally(() => {
        this.workers--;
        if (!this.workers) {
          this.ordering = undefined;
          this.orderingDone?.();
        }
      });
      void worker;
      this.ordering ??= new Promise<void>((done) => (this.orderingDone = done));
    }
  }

  private async orderWorker() {
    await null;
    for (;;) {
      const i = this.orders.findIndex((o) => !o.key || !this.orderKeys.has(o.key));
      if (i < 0) return;
      const [{ id, key }] = this.orders.splice(i, 1) as [{ id: string; key?: string }];
      if (key) this.orderKeys.add(key);
      try {
        await openOrderForAlarm(this.ctx, id);
      } catch (error) {
        this.failedOrders.add(id);
        this.log.error(error, `sensor alarms: opening the work order of alarm ${id} failed`);
      } finally {
        if (key) this.orderKeys.delete(key);
        this.orderSet.delete(id);
      }
    }
  }
}
