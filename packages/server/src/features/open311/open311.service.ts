import { sql } from 'kysely';
import { WORK_ORDER_WORKFLOW } from '@yiwang/domain';
import { insideHongkou } from '@yiwang/fixtures';
import type { AppContext } from '../../core/app-context';
import { hasRole } from '../../core/auth/access';
import type { Actor } from '../../core/auth/actor';
import { findApiKeyActor } from '../../core/auth/session.repository';
import { listCategories, findCategory } from '../cityops-categories/cityops-category.repository';
import { loadPlaces, type Place } from '../cityops-screen/places';
import { createWorkOrder } from '../work-orders/work-order.service';
import { orderQuery, type WorkOrderRow } from '../work-orders/work-order.repository';
import { Open311Failure } from './open311.format';

const CLOSED_STATES = new Set(['closed', 'evaluated']);
const MAX_REQUESTS = 1000;
const DEFAULT_DAYS = 90;

type Params = Record<string, string | undefined>;

/** The integration client behind an `api_key`, or a 403 in the spec's format. */
export async function integrationActor(ctx: AppContext, apiKey: string | undefined): Promise<Actor> {
  const actor = apiKey ? await findApiKeyActor(ctx.db, apiKey) : undefined;
  if (!actor || !hasRole(actor, 'integration')) throw new Open311Failure(403, 'api_key is invalid');
  return actor;
}

/** GET services: every active category; group = the major class. */
export async function listServices(ctx: AppContext) {
  const categories = (await listCategories(ctx.db)).filter((c) => c.active);
  return categories.map((c) => ({
    service_code: c.code,
    service_name: c.name,
    description: [c.filingCondition, c.closingCondition].filter(Boolean).join(' / ') || c.name,
    metadata: true,
    type: 'realtime',
    keywords: [c.kind, c.majorName, c.name].filter(Boolean).join(','),
    group: c.majorName,
  }));
}

/** GET services/{code}: the one attribute clients may send is a free-text description. */
export async function serviceDefinition(ctx: AppContext, code: string) {
  const category = await findCategory(ctx.db, code);
  if (!category || !category.active) throw new Open311Failure(404, `service_code ${code} not found`);
  return {
    service_code: category.code,
    attributes: [
      {
        variable: true,
        code: 'description',
        datatype: 'text',
        required: true,
        datatype_description: '问题描述 · what is wrong, 1–4000 characters',
        order: 1,
        description: '问题描述 · description of the problem',
      },
    ],
  };
}

/**
 * Where a request is: the street or residents' committee named in `address_string` (the
 * longest name that occurs in it, so a committee beats its street); else, for a point inside
 * Hongkou, the committee whose map point is nearest (the points are demo approximations —
 * see packages/fixtures/src/cityops/geo — so the dispatcher may correct the place); else the
 * API key's own unit when it is a street or committee.
 */
async function placeOf(
  ctx: AppContext,
  actor: Actor,
  address: string | undefined,
  point: [number, number] | undefined,
): Promise<string> {
  const units = await ctx.db
    .selectFrom('org_unit')
    .select(['id', 'name', 'kind'])
    .where('kind', 'in', ['street', 'committee'])
    .execute();
  if (address) {
    const named = units
      .filter((u) => address.includes(u.name))
      .sort((a, b) => b.name.length - a.name.length || (a.kind === 'committee' ? -1 : 1))[0];
    if (named) return named.id;
  }
  if (point && insideHongkou(point)) {
    const nearest = nearestCommittee((await loadPlaces(ctx.db)).list, point);
    if (nearest) return nearest.id;
  }
  const own = actor.unit && units.find((u) => u.id === actor.unit!.id);
  if (own) return own.id;
  throw new Open311Failure(
    400,
    'lat/long must lie in Hongkou, or address_string name a street or residents’ committee of Hongkou (坐标须在虹口区内，或地址须含虹口区街道或居委会名称)',
  );
}

function nearestCommittee(places: Place[], [x, y]: [number, number]): Place | undefined {
  let best: Place | undefined;
  let bestDistance = Infinity;
  for (const p of places) {
    if (p.kind !== 'committee' || !p.at) continue;
    const d = (p.at[0] - x) ** 2 + (p.at[1] - y) ** 2;
    if (d < bestDistance) [best, bestDistance] = [p, d];
  }
  return best;
}

function coordinate(value: string | undefined, name: string, limit: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || Math.abs(n) > limit) throw new Open311Failure(400, `${name} is invalid`);
  return n;
}

/** POST requests: a work order with source 'api', filed and routed like any other. */
export async function postRequest(ctx: AppContext, body: Params) {
  const actor = await integrationActor(ctx, body.api_key);
  const code = body.service_code?.trim();
  if (!code) throw new Open311Failure(400, 'service_code is required');
  const category = await findCategory(ctx.db, code);
  if (!category || !category.active) throw new Open311Failure(400, `service_code ${code} is invalid`);
  const lat = coordinate(body.lat, 'lat', 90);
  const long = coordinate(body.long, 'long', 180);
  const address = body.address_string?.trim() || undefined;
  if ((lat === undefined || long === undefined) && !address)
    throw new Open311Failure(400, 'lat and long, or address_string, are required');
  const description = (body.description ?? body['attribute[description]'])?.trim();
  if (!description) throw new Open311Failure(400, 'description is required');
  if (description.length > 4000) throw new Open311Failure(400, 'description is longer than 4000 characters');
  if (address && address.length > 300)
    throw new Open311Failure(400, 'address_string is longer than 300 characters');
  const phone = body.phone?.replace(/[\s()]/g, '') || undefined;
  if (phone && !/^[0-9+-]{5,20}$/.test(phone)) throw new Open311Failure(400, 'phone is invalid');
  const name = [body.last_name, body.first_name]
    .map((v) => v?.trim())
    .filter(Boolean)
    .join('')
    .slice(0, 60);
  const placeUnitId = await placeOf(
    ctx,
    actor,
    address,
    lat !== undefined && long !== undefined ? [long, lat] : undefined,
  );
  const created = await createWorkOrder(ctx, actor, {
    categoryCode: category.code,
    source: 'api',
    placeUnitId,
    description,
    ...(address ? { address } : {}),
    ...(lat !== undefined && long !== undefined ? { latitude: lat, longitude: long } : {}),
    ...(name ? { reporterName: name } : {}),
    ...(phone ? { reporterPhone: phone } : {}),
  });
  return [{ service_request_id: created.order.caseId, service_notice: created.order.orderNo }];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function date(value: string | undefined, name: string): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new Open311Failure(400, `${name} is not an ISO 8601 date`);
  // JavaScript dates reach 271,821 BC; PostgreSQL's timestamps start at 4713 BC (a 500 before).
  const year = d.getUTCFullYear();
  if (year < 1 || year > 9999) throw new Open311Failure(400, `${name} must be between the years 1 and 9999`);
  return d;
}

type Row = WorkOrderRow & { updatedAt: Date };

function present(o: Row, withDescription: boolean) {
  const closed = CLOSED_STATES.has(o.state);
  const stateName = WORK_ORDER_WORKFLOW.states[o.state]?.name ?? o.state;
  return {
    service_request_id: o.caseId,
    status: closed ? 'closed' : 'open',
    status_notes: [`${stateName} (${o.state})`, o.outcome && `outcome: ${o.outcome}`]
      .filter(Boolean)
      .join('; '),
    service_name: o.categoryName,
    service_code: o.categoryCode,
    description: withDescription ? o.description : null,
    agency_responsible: o.responsibleUnitName,
    service_notice: o.orderNo,
    requested_datetime: new Date(o.createdAt).toISOString(),
    updated_datetime: new Date(o.updatedAt).toISOString(),
    expected_datetime: o.slaDeadline && !closed ? new Date(o.slaDeadline).toISOString() : null,
    address: o.address ?? [o.streetName, o.committeeName].filter(Boolean).join(''),
    address_id: null,
    zipcode: null,
    lat: o.latitude === null ? null : Number(o.latitude),
    long: o.longitude === null ? null : Number(o.longitude),
    media_url: null,
  };
}

const rows = (ctx: AppContext) => orderQuery(ctx.db).select('k.updated_at as updatedAt');

/**
 * Whether descriptions are shown: the public sees where and what kind of problem, and its
 * status; an integration client (valid `api_key`) also sees the reporter's description.
 */
async function readsDescriptions(ctx: AppContext, apiKey: string | undefined): Promise<boolean> {
  if (apiKey === undefined) return false;
  await integrationActor(ctx, apiKey);
  return true;
}

/** GET requests/{id}. */
export async function getRequest(ctx: AppContext, id: string, query: Params) {
  const full = await readsDescriptions(ctx, query.api_key);
  const row = UUID.test(id) ? await rows(ctx).where('w.case_id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw new Open311Failure(404, `service_request_id ${id} not found`);
  return [present(row as unknown as Row, full)];
}

/** GET requests with the spec's filters: ids (which override the rest), service_code, dates, status. */
export async function listRequests(ctx: AppContext, query: Params) {
  const full = await readsDescriptions(ctx, query.api_key);
  let q = rows(ctx);
  const ids = query.service_request_id
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids?.length) {
    if (ids.length > MAX_REQUESTS || !ids.every((id) => UUID.test(id)))
      throw new Open311Failure(400, 'service_request_id is invalid');
    q = q.where('w.case_id', 'in', ids);
  } else {
    const end = date(query.end_date, 'end_date');
    const start =
      date(query.start_date, 'start_date') ??
      new Date((end ?? new Date()).getTime() - DEFAULT_DAYS * 24 * 3600 * 1000);
    q = q.where('w.created_at', '>=', start);
    if (end) q = q.where('w.created_at', '<=', end);
    const codes = query.service_code
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (codes?.length) q = q.where('w.category_code', 'in', codes);
    if (query.status) {
      const wanted = query.status.split(',').map((s) => s.trim());
      if (!wanted.every((s) => s === 'open' || s === 'closed'))
        throw new Open311Failure(400, 'status must be open or closed');
      if (!(wanted.includes('open') && wanted.includes('closed')))
        q = wanted.includes('closed')
          ? q.where('k.state', 'in', [...CLOSED_STATES])
          : q.where('k.state', 'not in', [...CLOSED_STATES]);
    }
  }
  const found = await q
    .orderBy('w.created_at', 'desc')
    .orderBy(sql`w.case_id`)
    .limit(MAX_REQUESTS)
    .execute();
  return found.map((r) => present(r as unknown as Row, full));
}

/**
 * GET servicerequestupdates (the GeoReport v2 extension, as FixMyStreet uses it): every
 * action in an order's log is an update — update_id is the log row, status open/closed after
 * it, description the action's name in Chinese and English (with the comment for an
 * integration client, as descriptions go). Filters: service_request_id (comma-separated; then
 * no default window), start_date / end_date on the update's time (default the last 90 days);
 * oldest first, at most 1000. Photos are not public, so media_url is empty.
 */
export async function listRequestUpdates(ctx: AppContext, query: Params) {
  const full = await readsDescriptions(ctx, query.api_key);
  let q = ctx.db
    .selectFrom('workflow_action as a')
    .innerJoin('work_order as w', 'w.case_id', 'a.case_id')
    .select(['a.id', 'a.case_id as caseId', 'a.action', 'a.to_state as toState', 'a.at', 'a.comment']);
  const ids = query.service_request_id
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids?.length) {
    if (ids.length > MAX_REQUESTS || !ids.every((id) => UUID.test(id)))
      throw new Open311Failure(400, 'service_request_id is invalid');
    q = q.where('a.case_id', 'in', ids);
  }
  const end = date(query.end_date, 'end_date');
  const start =
    date(query.start_date, 'start_date') ??
    (ids?.length ? undefined : new Date((end ?? new Date()).getTime() - DEFAULT_DAYS * 24 * 3600 * 1000));
  if (start && end && start > end) throw new Open311Failure(400, 'start_date is after end_date');
  if (start) q = q.where('a.at', '>=', start);
  if (end) q = q.where('a.at', '<=', end);
  const found = await q.orderBy('a.at').orderBy('a.id').limit(MAX_REQUESTS).execute();
  return found.map((a) => {
    const name = WORK_ORDER_WORKFLOW.actions[a.action]?.name;
    const label = name ? `${name.zh} · ${name.en}` : a.action;
    return {
      update_id: String(a.id),
      service_request_id: a.caseId,
      status: CLOSED_STATES.has(a.toState) ? 'closed' : 'open',
      updated_datetime: new Date(a.at).toISOString(),
      description: full && a.comment ? `${label}: ${a.comment}` : label,
      media_url: null,
    };
  });
}
