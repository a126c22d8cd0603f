import type { Transaction } from 'kysely';
import type { DB } from '@yiwang/db';
import type { AppContext } from '../../core/app-context';
import { hasRole } from '../../core/auth/access';
import { scopeCoversUnit, scopeOf, type Actor, type Scope } from '../../core/auth/actor';
import { recordAudit } from '../../core/audit/audit-log';
import { publishLive, type LiveEvent } from '../../core/live';
import { Problem, notFound } from '../../core/problem';
import { actAsSystem } from '../../core/workflow/workflow.service';
import { createWorkOrder } from '../work-orders/work-order.service';
import { alarmCounter } from '../sensors/ingest/sensor-metrics';
import { sweepOffline } from '../sensors/ingest/sensor-ingest.repository';
import {
  OFFLINE,
  OUTAGE,
  activeOutages,
  alarmLiveEvent,
  clearOfflineAlarms,
  clearOutages,
  committeeSilence,
  coverByOutages,
  findAlarm,
  findOutageSetting,
  insertOutages,
  isOutage,
  listAlarms,
  openOfflineAlarms,
  publishLiveMany,
  silentSensorIds,
  updateOutages,
  type AlarmFilter,
  type AlarmHead,
  type AlarmRow,
  type CommitteeSilence,
} from './sensor-alarm.repository';

const ALARM = { zh: '传感器告警', en: 'sensor alarm' };

/** Dispatchers and operators of the 城运中心 see every alarm; others their street's (scope). */
function alarmScope(actor: Actor): Scope {
  if (hasRole(actor, 'dispatcher', 'operator')) return { kind: 'all' };
  return scopeOf(actor);
}

const canSee = (actor: Actor, a: NonNullable<AlarmRow>) => {
  const scope = alarmScope(actor);
  return scope.kind === 'all' || (!!a.streetPath && scopeCoversUnit(scope, a.streetPath));
};

const present = ({ streetPath: _path, ...a }: NonNullable<AlarmRow>) => a;

export async function listSensorAlarms(
  ctx: AppContext,
  actor: Actor,
  query: Omit<AlarmFilter, 'scope'> & { page: number; pageSize: number },
) {
  const { page, pageSize, ...filter } = query;
  const { rows, total } = await listAlarms(
    ctx.db,
    { ...filter, scope: alarmScope(actor) },
    { page, pageSize },
  );
  return { items: rows.map(present), total, page, pageSize };
}

export async function getSensorAlarm(ctx: AppContext, actor: Actor, id: string) {
  const a = await findAlarm(ctx.db, id);
  if (!a || !canSee(actor, a)) throw notFound(ALARM);
  return present(a);
}

/**
 * Post an update to an alarm's work order through the workflow engine (the 'comment'
 * action, 备注), inside the caller's transaction; never closes it. An order of a workflow
 * version without the action gets none (returns false).
 */
export const commentOnOrder = (trx: Transaction<DB>, ctx: AppContext, orderId: string, text: string) =>
  actAsSystem(trx, ctx, orderId, 'comment', text);

/** 确认 — staff acknowledge an open alarm (it stays active until cleared). */
export async function acknowledgeAlarm(ctx: AppContext, actor: Actor, id: string) {
  const a = await findAlarm(ctx.db, id);
  if (!a || !canSee(actor, a)) throw notFound(ALARM);
  if (a.state !== 'open')
    throw new Problem('conflict', {
      zh: a.state === 'acknowledged' ? '告警已确认' : '告警已解除',
      en: a.state === 'acknowledged' ? 'the alarm is acknowledged already' : 'the alarm is cleared',
    });
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('sensor_alarm')
      .set({
        state: 'acknowledged',
        acknowledged_at: new Date(),
        acknowledged_by: actor.id,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('state', '=', 'open')
      .executeTakeFirst();
    if (!r.numUpdatedRows)
      throw new Problem('conflict', { zh: '告警状态已变化，请刷新', en: 'the alarm changed: reload it' });
    await recordAudit(trx, actor, {
      action: 'sensor.alarm.acknowledge',
      entity: 'sensor_alarm',
      entityId: id,
    });
    await publishLive(trx, liveOf(a, 'acknowledged'));
  });
  alarmCounter.inc({ event: 'acknowledged' });
  return getSensorAlarm(ctx, actor, id);
}

/**
 * 解除 — staff clear an alarm with a comment; its work order gets the comment as an update in
 * its log and stays as it is (an order is closed only by its own loop).
 */
export async function clearAlarm(ctx: AppContext, actor: Actor, id: string, comment: string) {
  const a = await findAlarm(ctx.db, id);
  if (!a || !canSee(actor, a)) throw notFound(ALARM);
  if (a.state === 'cleared')
    throw new Problem('conflict', { zh: '告警已解除', en: 'the alarm is cleared already' });
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('sensor_alarm')
      .set({
        state: 'cleared',
        cleared_at: new Date(),
        cleared_by: actor.id,
        clear_comment: comment,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('state', 'in', ['open', 'acknowledged'])
      .executeTakeFirst();
    if (!r.numUpdatedRows)
      throw new Problem('conflict', { zh: '告警状态已变化，请刷新', en: 'the alarm changed: reload it' });
    if (a.workOrderId)
      await commentOnOrder(
        trx,
        ctx,
        a.workOrderId,
        a.alarmType === OUTAGE
          ? `${a.committeeName ?? ''}区域集中离线告警已由${actor.label}解除：${comment} · area outage alarm cleared by ${actor.label}: ${comment}`
          : `传感器 ${a.sensorId} 告警已由${actor.label}解除：${comment} · sensor alarm cleared by ${actor.label}: ${comment}`,
      );
    await recordAudit(trx, actor, {
      action: 'sensor.alarm.clear',
      entity: 'sensor_alarm',
      entityId: id,
      summary: { workOrderId: a.workOrderId },
    });
    await publishLive(trx, liveOf(a, 'cleared'));
  });
  alarmCounter.inc({ event: 'cleared' });
  return getSensorAlarm(ctx, actor, id);
}

const liveOf = (a: NonNullable<AlarmRow>, event: 'acknowledged' | 'cleared' | 'updated') => ({
  kind: 'alarm' as const,
  event,
  id: a.id,
  sensorId: a.sensorId,
  sensorType: a.sensorType,
  severity: a.severity,
  streetId: a.streetId,
  committeeId: a.committeeId,
  workOrderId: a.workOrderId,
  alarmType: a.alarmType,
  ...(a.alarmType === OUTAGE ? { silentCount: a.silentCount, sensorCount: a.sensorCount } : {}),
  at: new Date().toISOString(),
});

let systemActor: Promise<Actor> | undefined;
/** The system acting for sensors: district-wide, audited as `system:sensor-alarms`. */
async function sensorSystemActor(ctx: AppContext): Promise<Actor> {
  systemActor ??= ctx.db
    .selectFrom('org_unit')
    .select(['id', 'code', 'name', 'name_en', 'kind', 'path'])
    .where('kind', '=', 'district')
    .executeTakeFirstOrThrow()
    .then((u) => ({
      kind: 'api-key' as const,
      id: '00000000-0000-0000-0000-000000000000',
      roles: ['integration' as const],
      unit: { id: u.id, code: u.code, name: u.name, nameEn: u.name_en, kind: u.kind, path: u.path },
      label: 'system:sensor-alarms',
    }));
  systemActor.catch(() => (systemActor = undefined));
  return systemActor;
}

const fmt = (v: number | null) => (v === null ? '—' : String(Math.round(v * 1000) / 1000));

/**
 * Open the work order of an alarm whose rule says so (source 'sensor', the type's category,
 * the sensor's committee or street as the place; dispatched at once when the routing table
 * has a rule). When an earlier alarm of the same sensor and type still has an unfinished
 * order, the new alarm joins it with an update instead of a second order.
 */
export async function openOrderForAlarm(ctx: AppContext, alarmId: string): Promise<string | null> {
  const head = await ctx.db
    .selectFrom('sensor_alarm')
    .select(['alarm_type', 'outage_id', 'work_order_id'])
    .where('id', '=', alarmId)
    .executeTakeFirst();
  if (!head) return null;
  if (head.alarm_type === OUTAGE) return openOrderForOutage(ctx, alarmId);
  // the committee's outage decides: its silent sensors open no order each
  if (head.alarm_type === OFFLINE && head.outage_id) return head.work_order_id;
  const a = await ctx.db
    .selectFrom('sensor_alarm as a')
    .innerJoin('sensor as s', 's.id', 'a.sensor_id')
    .innerJoin('sensor_type as t', 't.code', 'a.sensor_type')
    .select([
      'a.id',
      'a.sensor_id',
      'a.sensor_type',
      'a.alarm_type',
      'a.state',
      'a.severity',
      'a.street_id',
      'a.committee_id',
      'a.work_order_id',
      'a.peak_value',
      'a.threshold',
      'a.metric',
      'a.opened_at',
      'a.last_reading_at',
      's.address',
      's.latitude',
      's.longitude',
      's.model',
      't.name as type_name',
      't.unit',
      't.category_code',
      't.offline_opens_work_order',
    ])
    .where('a.id', '=', alarmId)
    .executeTakeFirst();
  if (!a || a.work_order_id || a.state === 'cleared' || !a.category_code) return a?.work_order_id ?? null;
  if (a.alarm_type === OFFLINE && !a.offline_opens_work_order) return null;
  const link = (orderId: string, note?: string) =>
    linkAlarmToOrder(ctx, a.id, orderId, note, {
      kind: 'alarm',
      event: 'updated',
      id: a.id,
      sensorId: a.sensor_id,
      sensorType: a.sensor_type,
      severity: a.severity,
      streetId: a.street_id,
      committeeId: a.committee_id,
      workOrderId: orderId,
      at: new Date().toISOString(),
    });
  const earlier = await ctx.db
    .selectFrom('sensor_alarm as p')
    .innerJoin('workflow_case as c', 'c.id', 'p.work_order_id')
    .select('p.work_order_id')
    .where('p.sensor_id', '=', a.sensor_id)
    .where('p.alarm_type', '=', a.alarm_type)
    .where('p.id', '!=', a.id)
    .where('c.state', 'not in', ['closed', 'evaluated'])
    .orderBy('p.opened_at', 'desc')
    .executeTakeFirst();
  const offline = a.alarm_type === OFFLINE;
  const reading = offline
    ? `自 ${a.last_reading_at?.toISOString() ?? '—'} 起未上报`
    : `${a.metric ?? ''} ${fmt(a.peak_value)}${a.unit}（阈值 ${fmt(a.threshold)}${a.unit}）`;
  if (earlier?.work_order_id) {
    await link(
      earlier.work_order_id,
      `传感器 ${a.sensor_id} 再次告警（${a.alarm_type}）：${reading} · the sensor alarmed again`,
    );
    return earlier.work_order_id;
  }
  const place = a.committee_id ?? a.street_id;
  if (!place) return null;
  const order = await createWorkOrder(ctx, await sensorSystemActor(ctx), {
    categoryCode: a.category_code,
    source: 'sensor',
    placeUnitId: place,
    description: offline
      ? `${a.type_name}传感器 ${a.sensor_id} 离线（${a.severity} 级）：${reading}，请检查设备。 · ` +
        `Sensor ${a.sensor_id} (${a.sensor_type}${a.model ? `, ${a.model}` : ''}) offline: silent since ` +
        `${a.last_reading_at?.toISOString() ?? '—'}; check the device.`
      : `${a.type_name}传感器 ${a.sensor_id} 告警（${a.alarm_type}，${a.severity} 级）：${reading}，` +
        `${a.opened_at.toISOString()} 起。 · Sensor ${a.sensor_id} (${a.sensor_type}${a.model ? `, ${a.model}` : ''}) ` +
        `${a.alarm_type}: ${fmt(a.peak_value)} ${a.unit} against a threshold of ${fmt(a.threshold)} ${a.unit}.`,
    ...(a.address ? { address: a.address.slice(0, 300) } : {}),
    ...(a.latitude !== null ? { latitude: a.latitude } : {}),
    ...(a.longitude !== null ? { longitude: a.longitude } : {}),
  });
  await link(order.order.caseId);
  return order.order.caseId;
}

const pct = (silent: number, total: number) => (total ? Math.round((silent / total) * 100) : 0);

/** The sensor types' names, 中文 and English, for an outage's text. */
async function typeNames(ctx: AppContext, codes: readonly string[]) {
  if (!codes.length) return { zh: '—', en: '—' };
  const rows = await ctx.db
    .selectFrom('sensor_type')
    .select(['code', 'name', 'name_en'])
    .where('code', 'in', codes)
    .execute();
  const by = new Map(rows.map((r) => [r.code, r]));
  return {
    zh: codes.map((c) => by.get(c)?.name ?? c).join('、'),
    en: codes.map((c) => by.get(c)?.name_en ?? c).join(', '),
  };
}

/**
 * Open the one work order of a committee outage (区域集中离线) when the outage setting says so:
 * category from the setting (a 供电/通信 problem), the committee as the place, routed like any
 * order (the routing table's unit, or the dispatcher's queue). An earlier outage of the same
 * committee whose order is unfinished is joined with an update instead.
 */
export async function openOrderForOutage(ctx: AppContext, alarmId: string): Promise<string | null> {
  const a = await ctx.db
    .selectFrom('sensor_alarm as a')
    .leftJoin('org_unit as c', 'c.id', 'a.committee_id')
    .select([
      'a.id',
      'a.state',
      'a.severity',
      'a.street_id',
      'a.committee_id',
      'a.work_order_id',
      'a.silent_count',
      'a.sensor_count',
      'a.sensor_types',
      'a.last_reading_at',
      'a.opened_at',
      'c.name as committee_name',
      'c.name_en as committee_name_en',
    ])
    .where('a.id', '=', alarmId)
    .where('a.alarm_type', '=', OUTAGE)
    .executeTakeFirst();
  if (!a || a.work_order_id || a.state === 'cleared' || !a.committee_id) return a?.work_order_id ?? null;
  const setting = await findOutageSetting(ctx.db);
  if (!setting.opensWorkOrder || !setting.categoryCode) return null;
  const silent = a.silent_count ?? 0;
  const total = a.sensor_count ?? 0;
  const since = a.last_reading_at?.toISOString() ?? '—';
  const types = await typeNames(ctx, a.sensor_types ?? []);
  const link = (orderId: string, note?: string) =>
    linkAlarmToOrder(ctx, a.id, orderId, note, {
      kind: 'alarm',
      event: 'updated',
      id: a.id,
      sensorId: null,
      sensorType: null,
      alarmType: OUTAGE,
      silentCount: silent,
      sensorCount: total,
      severity: a.severity,
      streetId: a.street_id,
      committeeId: a.committee_id,
      workOrderId: orderId,
      at: new Date().toISOString(),
    });
  const counts = `${silent}/${total} 个传感器未上报（${pct(silent, total)}%）`;
  const earlier = await ctx.db
    .selectFrom('sensor_alarm as p')
    .innerJoin('workflow_case as c', 'c.id', 'p.work_order_id')
    .select('p.work_order_id')
    .where('p.committee_id', '=', a.committee_id)
    .where('p.alarm_type', '=', OUTAGE)
    .where('p.id', '!=', a.id)
    .where('c.state', 'not in', ['closed', 'evaluated'])
    .orderBy('p.opened_at', 'desc')
    .executeTakeFirst();
  if (earlier?.work_order_id) {
    await link(
      earlier.work_order_id,
      `${a.committee_name ?? ''}再次区域集中离线：${counts} · area outage again: ${silent} of ${total} sensors silent`,
    );
    return earlier.work_order_id;
  }
  const order = await createWorkOrder(ctx, await sensorSystemActor(ctx), {
    categoryCode: setting.categoryCode,
    source: 'sensor',
    placeUnitId: a.committee_id,
    description:
      `${a.committee_name ?? ''}区域集中离线（${a.severity} 级）：${counts}，类型：${types.zh}，` +
      `自 ${since} 起。疑似停电或通信中断，请核查供电、通信。 · ` +
      `Area outage at ${a.committee_name_en || a.committee_name || 'the committee'}: ${silent} of ${total} sensors ` +
      `silent (${pct(silent, total)}%) since ${since}; types: ${types.en}. Likely a power or network failure.`,
  });
  await link(order.order.caseId);
  return order.order.caseId;
}

/** A sensor heard from again clears its offline alarm; its order (if any) gets this update. */
export const BACK_ONLINE_COMMENT =
  '传感器恢复上报，离线告警自动解除 · the sensor reports again: offline alarm cleared';

/** live events published per sweep and kind: a whole district going silent is a count, not a feed */
const LIVE_PER_SWEEP = 200;

/** An outage ends when its committee is below the thresholds; its order gets this update. */
const outageOverComment = (silent: number, total: number, still: readonly string[]) =>
  `区域集中离线解除：${silent}/${total} 个传感器仍未上报` +
  (still.length ? `（${still.join('、')}${silent > still.length ? ' 等' : ''}）` : '') +
  ` · area outage over: ${silent} of ${total} sensors still silent`;

/**
 * Committee outages (区域集中离线), inside the sweep's transaction after the per-sensor offline
 * alarms: a committee whose silent sensors reach both thresholds gets one `outage` alarm (one
 * open per committee), an open one follows the counts, and one below the thresholds is cleared
 * with an update to its order (never a close). Offline alarms of a committee with an open outage
 * are linked to it (they open no order and are not counted on their own).
 */
async function syncOutages(trx: Transaction<DB>, ctx: AppContext) {
  const setting = await findOutageSetting(trx);
  const silence = await committeeSilence(trx, setting.minSensors);
  const byCommittee = new Map(silence.map((c) => [c.committee_id, c]));
  const open = await activeOutages(trx);
  const openBy = new Map(open.map((o) => [o.committee_id, o]));
  const toOpen: CommitteeSilence[] = [];
  const toUpdate: CommitteeSilence[] = [];
  const toClear: { id: string; silent: number; total: number; comment: string }[] = [];
  for (const c of silence) {
    const o = openBy.get(c.committee_id);
    if (!isOutage(c, setting)) continue;
    if (!o) toOpen.push(c);
    else if (
      o.silent_count !== c.silent ||
      o.sensor_count !== c.total ||
      (o.sensor_types ?? []).join() !== c.types.join()
    )
      toUpdate.push(c);
  }
  for (const o of open) {
    const c = o.committee_id ? byCommittee.get(o.committee_id) : undefined;
    if (c && isOutage(c, setting)) continue;
    const silent = c?.silent ?? 0;
    const total = c?.total ?? o.sensor_count ?? 0;
    const still = o.committee_id && silent ? await silentSensorIds(trx, o.committee_id) : [];
    toClear.push({ id: o.id, silent, total, comment: outageOverComment(silent, total, still) });
  }
  const opened = await insertOutages(trx, toOpen, setting.severity);
  const updated = await updateOutages(trx, toUpdate);
  const cleared = await clearOutages(trx, toClear);
  const comments = new Map(toClear.map((c) => [c.id, c.comment]));
  for (const a of cleared)
    if (a.work_order_id) await commentOnOrder(trx, ctx, a.work_order_id, comments.get(a.id)!);
  const covered = new Set(await coverByOutages(trx));
  return { setting, opened, updated, cleared, covered, openBefore: new Set(open.map((o) => o.id)) };
}

/**
 * The offline sweep: sensors silent for 3 × their interval go offline, each gets an `offline`
 * alarm (severity from its type; at most one open), and the offline alarms of sensors heard
 * from again are cleared — their orders get an update, never a close. Then committee outages
 * (syncOutages): a committee whose silent sensors reach the thresholds gets one `outage` alarm
 * that covers its sensors' offline alarms (no order each; one for the outage, by setting).
 * Set-wise, so any number of server copies may run it. Returns the opened alarms that open an
 * order (the caller opens them, see openOrderForAlarm).
 *
 * @example
 * const { opened, cleared, toOrder } = await syncOfflineAlarms(ctx);
 * for (const id of toOrder) await openOrderForAlarm(ctx, id);
 */
export async function syncOfflineAlarms(ctx: AppContext): Promise<{
  wentOffline: number;
  opened: number;
  cleared: number;
  outagesOpened: number;
  outagesCleared: number;
  toOrder: string[];
}> {
  const wentOffline = await sweepOffline(ctx.db);
  const { opened, cleared, outages } = await ctx.db.transaction().execute(async (trx) => {
    const cleared = await clearOfflineAlarms(trx, BACK_ONLINE_COMMENT);
    for (const a of cleared)
      if (a.work_order_id)
        await commentOnOrder(trx, ctx, a.work_order_id, `传感器 ${a.sensor_id} ${BACK_ONLINE_COMMENT}`);
    const opened = await openOfflineAlarms(trx);
    const outages = await syncOutages(trx, ctx);
    // the screen's feed shows an outage as one alarm: not each sensor it covers
    const live = outages.openBefore;
    for (const o of outages.opened) live.add(o.id);
    const own = (a: AlarmHead) => !outages.covered.has(a.id) && !(a.outage_id && live.has(a.outage_id));
    await publishLiveMany(trx, [
      ...outages.opened.map((a) => alarmLiveEvent(a, 'opened')),
      ...outages.updated.map((a) => alarmLiveEvent(a, 'updated')),
      ...outages.cleared.map((a) => alarmLiveEvent(a, 'cleared')),
      ...opened
        .filter(own)
        .slice(0, LIVE_PER_SWEEP)
        .map((a) => alarmLiveEvent(a, 'opened')),
      ...cleared
        .filter(own)
        .slice(0, LIVE_PER_SWEEP)
        .map((a) => alarmLiveEvent(a, 'cleared')),
    ]);
    return { opened, cleared, outages };
  });
  const openedAll = opened.length + outages.opened.length;
  const clearedAll = cleared.length + outages.cleared.length;
  if (openedAll) alarmCounter.inc({ event: 'opened' }, openedAll);
  if (clearedAll) alarmCounter.inc({ event: 'cleared' }, clearedAll);
  const own = opened.filter((a) => !outages.covered.has(a.id));
  const types = [...new Set(own.map((a) => a.sensor_type).filter((t): t is string => !!t))];
  const ordering = types.length
    ? new Set(
        (
          await ctx.db
            .selectFrom('sensor_type')
            .select('code')
            .where('code', 'in', types)
            .where('offline_opens_work_order', '=', true)
            .where('category_code', 'is not', null)
            .execute()
        ).map((t) => t.code),
      )
    : new Set<string>();
  const { setting } = outages;
  return {
    wentOffline,
    opened: opened.length,
    cleared: cleared.length,
    outagesOpened: outages.opened.length,
    outagesCleared: outages.cleared.length,
    toOrder: [
      ...(setting.opensWorkOrder && setting.categoryCode ? outages.opened.map((a) => a.id) : []),
      ...own.filter((a) => a.sensor_type && ordering.has(a.sensor_type)).map((a) => a.id),
    ],
  };
}

/**
 * Link an alarm to its work order, once (a caller that finds it linked already does nothing),
 * with an optional note on the order and the alarm's update on the live feed, in one transaction.
 */
function linkAlarmToOrder(
  ctx: AppContext,
  alarmId: string,
  orderId: string,
  note: string | undefined,
  event: LiveEvent,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('sensor_alarm')
      .set({ work_order_id: orderId, updated_at: new Date() })
      .where('id', '=', alarmId)
      .where('work_order_id', 'is', null)
      .executeTakeFirst();
    if (!r.numUpdatedRows) return;
    if (note) await commentOnOrder(trx, ctx, orderId, note);
    await publishLive(trx, event);
  });
}
