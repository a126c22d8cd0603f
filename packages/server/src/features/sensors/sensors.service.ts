import { z } from 'zod';
import {
  PlaceIndex,
  checkCoordinates,
  checkInterval,
  checkSensorId,
  parseInstalledAt,
  type SensorFieldError,
} from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import { hasRole } from '../../core/auth/access';
import { scopeCoversUnit, scopeOf, type Actor, type Scope } from '../../core/auth/actor';
import { recordAudit } from '../../core/audit/audit-log';
import { Problem, notFound } from '../../core/problem';
import { Uuid } from '../../core/schemas';
import {
  findSensor,
  listSensorTypes,
  listSensors,
  loadPlaces,
  sensorExists,
  type SensorFilter,
  type SensorRow,
} from './sensors.repository';

const SENSOR = { zh: '传感器', en: 'sensor' };

/**
 * Who sees which sensors: the 城运中心 (dispatchers, hotline operators), district staff and the
 * read-all roles see every sensor; street and committee staff, those of their subtree.
 */
export function registryScope(actor: Actor): Scope {
  if (actor.kind === 'staff' && hasRole(actor, 'dispatcher', 'operator')) return { kind: 'all' };
  return scopeOf(actor);
}

export { listSensorTypes };

export const SensorQuery = z.object({
  type: z.string().max(60).optional(),
  streetId: Uuid.optional(),
  committeeId: Uuid.optional(),
  online: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: z.string().trim().max(100).optional(),
});
export type SensorQuery = z.infer<typeof SensorQuery>;

export function listRegistry(
  ctx: AppContext,
  actor: Actor,
  filter: SensorFilter,
  page: { page: number; pageSize: number } | 'all',
) {
  return listSensors(ctx.db, registryScope(actor), filter, page);
}

/** One sensor (its alarms: GET /api/sensor-alarms?sensorId=); 404 outside the caller's scope. */
export async function getSensor(ctx: AppContext, actor: Actor, id: string) {
  const sensor = await findSensor(ctx.db, registryScope(actor), id);
  if (!sensor) throw notFound(SENSOR);
  return sensor;
}

/** Per alarm type, a value that replaces the type rule's (`{"threshold-high": 0.3}`). */
const Thresholds = z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/), z.number().finite());

/** A sensor as an administrator or dispatcher writes it (POST: all; PUT: all but the id). */
export const SensorBody = z.object({
  id: z.string().max(200),
  typeCode: z.string().min(1).max(60),
  model: z.string().trim().max(100).nullable().default(null),
  /** The street; may be left out when the committee is given. */
  streetId: Uuid.nullable().default(null),
  committeeId: Uuid.nullable().default(null),
  latitude: z.number(),
  longitude: z.number(),
  address: z.string().trim().max(300).nullable().default(null),
  /** Seconds between reports; null: the type's default. */
  intervalS: z.number().nullable().default(null),
  thresholds: Thresholds.nullable().default(null),
  active: z.boolean().default(true),
  /** YYYY-MM-DD */
  installedAt: z.string().max(30).nullable().default(null),
  note: z.string().trim().max(1000).nullable().default(null),
});
export type SensorBody = z.infer<typeof SensorBody>;
export const SensorUpdateBody = SensorBody.extend({ id: z.string().max(200).optional() });
export type SensorUpdateBody = z.infer<typeof SensorUpdateBody>;

const INVALID = { zh: '提交的内容有误，请检查标出的字段', en: 'the request has invalid fields' };

/** Check a body against the registry's rules; the values to store, or a 400/403 naming each field. */
async function checkBody(ctx: AppContext, actor: Actor, body: SensorUpdateBody) {
  const errors: SensorFieldError[] = [];
  const type = await ctx.db
    .selectFrom('sensor_type')
    .select(['code', 'default_interval_s'])
    .where('code', '=', body.typeCode)
    .executeTakeFirst();
  if (!type)
    errors.push({
      field: 'typeCode',
      zh: `未知的传感器类型“${body.typeCode}”`,
      en: `unknown sensor type “${body.typeCode}”`,
    });

  const places = new PlaceIndex(await loadPlaces(ctx.db));
  const street = body.streetId ? places.byId.get(body.streetId) : undefined;
  const committee = body.committeeId ? places.byId.get(body.committeeId) : undefined;
  if (body.streetId && street?.kind !== 'street')
    errors.push({ field: 'streetId', zh: '街道不存在', en: 'no such street' });
  if (body.committeeId && committee?.kind !== 'committee')
    errors.push({ field: 'committeeId', zh: '居委会不存在', en: 'no such residents’ committee' });
  else if (committee && street && committee.parentId !== street.id)
    errors.push({
      field: 'committeeId',
      zh: '该居委会不属于所填街道',
      en: 'the residents’ committee is not in that street',
    });
  if (!body.streetId && !body.committeeId)
    errors.push({
      field: 'streetId',
      zh: '缺少街道或居委会',
      en: 'a street or a residents’ committee is required',
    });
  const streetOf =
    street?.kind === 'street' ? street : committee ? places.byId.get(committee.parentId ?? '') : undefined;

  errors.push(...checkCoordinates(body.latitude, body.longitude));
  const intervalS = body.intervalS ?? type?.default_interval_s ?? 60;
  if (body.intervalS !== null) errors.push(...checkInterval(body.intervalS, 'intervalS'));
  const installedAt = body.installedAt ? parseInstalledAt(body.installedAt) : null;
  if (installedAt === undefined)
    errors.push({
      field: 'installedAt',
      zh: '安装日期须为 YYYY-MM-DD 格式且不晚于今天',
      en: 'the installation date must be YYYY-MM-DD and not in the future',
    });
  if (errors.length) throw new Problem('validation', INVALID, errors);

  // Creating or moving a sensor into a street outside the caller's scope is refused.
  if (!streetOf || !scopeCoversUnit(registryScope(actor), committee?.path ?? streetOf.path))
    throw new Problem(
      'forbidden',
      { zh: '该街道不在您的管辖范围内', en: 'that street is outside your scope' },
      [
        {
          field: body.committeeId ? 'committeeId' : 'streetId',
          zh: '该街道不在您的管辖范围内',
          en: 'that street is outside your scope',
        },
      ],
    );
  return {
    type_code: body.typeCode,
    model: body.model || null,
    street_id: streetOf.id,
    committee_id: committee?.id ?? null,
    latitude: body.latitude,
    longitude: body.longitude,
    address: body.address || null,
    interval_s: intervalS,
    thresholds:
      body.thresholds && Object.keys(body.thresholds).length ? JSON.stringify(body.thresholds) : null,
    active: body.active,
    installed_at: installedAt,
    note: body.note || null,
  };
}

/** Register a sensor (administrators, dispatchers); audited. */
export async function createSensor(ctx: AppContext, actor: Actor, body: SensorBody): Promise<SensorRow> {
  const idErrors = checkSensorId(body.id);
  if (idErrors.length) throw new Problem('validation', INVALID, idErrors);
  const values = await checkBody(ctx, actor, body);
  await ctx.db.transaction().execute(async (trx) => {
    if (await sensorExists(trx, body.id))
      throw new Problem('conflict', { zh: '设备编号已登记', en: 'the device id is already registered' }, [
        { field: 'id', zh: '设备编号已登记', en: 'the device id is already registered' },
      ]);
    try {
      await trx
        .insertInto('sensor')
        .values({ id: body.id, ...values })
        .execute();
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new Problem('conflict', { zh: '设备编号已登记', en: 'the device id is already registered' }, [
          { field: 'id', zh: '设备编号已登记', en: 'the device id is already registered' },
        ]);
      throw error;
    }
    await recordAudit(trx, actor, {
      action: 'sensor.create',
      entity: 'sensor',
      entityId: body.id,
      summary: { typeCode: values.type_code, streetId: values.street_id, committeeId: values.committee_id },
    });
  });
  return (await findSensor(ctx.db, { kind: 'all' }, body.id))!;
}

const AUDITED: Record<string, keyof SensorRow> = {
  type_code: 'typeCode',
  model: 'model',
  street_id: 'streetId',
  committee_id: 'committeeId',
  latitude: 'latitude',
  longitude: 'longitude',
  address: 'address',
  interval_s: 'intervalS',
  thresholds: 'thresholds',
  active: 'active',
  installed_at: 'installedAt',
  note: 'note',
};

/** Change a sensor (the id stays); 404 outside the caller's scope; the changed fields audited. */
export async function updateSensor(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: SensorUpdateBody,
): Promise<SensorRow> {
  const before = await findSensor(ctx.db, registryScope(actor), id);
  if (!before) throw notFound(SENSOR);
  if (body.id !== undefined && body.id !== id)
    throw new Problem('validation', INVALID, [
      { field: 'id', zh: '设备编号不能修改', en: 'the device id cannot change' },
    ]);
  const values = await checkBody(ctx, actor, body);
  const changes: Record<string, unknown> = {};
  for (const [column, key] of Object.entries(AUDITED)) {
    const after = (values as Record<string, unknown>)[column];
    const was =
      column === 'thresholds' && before.thresholds ? JSON.stringify(before.thresholds) : before[key];
    if ((was ?? null) !== (after ?? null)) changes[key] = [was ?? null, after ?? null];
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('sensor')
      .set({ ...values, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'sensor.update',
      entity: 'sensor',
      entityId: id,
      summary: changes,
    });
  });
  return (await findSensor(ctx.db, { kind: 'all' }, id))!;
}
