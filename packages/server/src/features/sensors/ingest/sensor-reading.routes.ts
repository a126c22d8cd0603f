import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../../core/app-context';
import { hasRole } from '../../../core/auth/access';
import { scopeCoversUnit, scopeOf } from '../../../core/auth/actor';
import { fieldProblem, notFound } from '../../../core/problem';
import { sensorIngestFor } from './sensor-ingest';

const tags = ['sensors'];
const MAX_BATCH = 5000;

const Reading = z.object({
  sensorId: z.string().min(1).max(64),
  ts: z.iso.datetime({ offset: true }),
  metrics: z.record(z.string(), z.unknown()),
});
const ReadingsBody = z.object({ readings: z.array(Reading).min(1).max(MAX_BATCH) });

const SeriesQuery = z.object({
  metric: z.string().min(1).max(60).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  bucket: z.enum(['raw', 'hour']).default('hour'),
});

/** Readings in (the HTTP batch endpoint), a sensor's series for charts, and the dead letters. */
export const sensorReadingRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('onClose', async () => {
      await sensorIngestFor(ctx).stop();
    });
    app.post('/sensor-readings', {
      config: { access: ['device', 'integration', 'admin'] },
      schema: {
        tags,
        summary: `Readings in a batch (up to ${MAX_BATCH}); the same pipeline as MQTT. Stored once per sensor and timestamp.`,
        description:
          'Body `{ readings: [{ sensorId, ts, metrics: { <metric>: number } }] }`. Answers after the readings are stored: ' +
          '`accepted` (stored now; `flagged` of them hold impossible values), `duplicates` (stored before) and `rejected` ' +
          '(index and reason: unknown-sensor, inactive-sensor, missing-metric, malformed, out-of-order, future-timestamp, too-old; kept as dead letters).',
        body: ReadingsBody,
      },
      handler: async (request) => {
        const results = await sensorIngestFor(ctx).ingest(request.body.readings, 'http');
        let accepted = 0;
        let duplicates = 0;
        let flagged = 0;
        const rejected: { index: number; sensorId: string; reason: string }[] = [];
        results.forEach((r, index) => {
          if (r.status === 'accepted') {
            accepted++;
            if (r.flagged) flagged++;
          } else if (r.status === 'duplicate') duplicates++;
          else rejected.push({ index, sensorId: request.body.readings[index]!.sensorId, reason: r.reason });
        });
        return { accepted, duplicates, flagged, rejected };
      },
    });

    app.get('/sensors/:id/series', {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          'A sensor’s readings for a chart: raw (flagged ones marked) or hourly rollups (n, min, max, avg)',
        params: z.object({ id: z.string().min(1).max(64) }),
        querystring: SeriesQuery,
      },
      handler: async (request) => {
        const s = await ctx.db
          .selectFrom('sensor as s')
          .innerJoin('sensor_type as t', 't.code', 's.type_code')
          .leftJoin('org_unit as u', 'u.id', 's.street_id')
          .select(['s.id', 't.metric', 't.unit', 'u.path'])
          .where('s.id', '=', request.params.id)
          .executeTakeFirst();
        const scope = hasRole(request.actor, 'dispatcher', 'operator')
          ? { kind: 'all' as const }
          : scopeOf(request.actor);
        if (!s || !(scope.kind === 'all' || (!!s.path && scopeCoversUnit(scope, s.path))))
          throw notFound({ zh: '传感器', en: 'sensor' });
        const q = request.query;
        const to = q.to ? new Date(q.to) : new Date();
        const from = q.from
          ? new Date(q.from)
          : new Date(to.getTime() - (q.bucket === 'raw' ? 86_400_000 : 7 * 86_400_000));
        if (from >= to)
          throw fieldProblem('validation', 'from', {
            zh: '开始时间须早于结束时间',
            en: 'from must be before to',
          });
        if (q.bucket === 'raw' && to.getTime() - from.getTime() > 7 * 86_400_000)
          throw fieldProblem('validation', 'from', {
            zh: '原始读数最多查询 7 天，更长请用 bucket=hour',
            en: 'raw readings span at most 7 days; use bucket=hour for longer',
          });
        const metric = q.metric ?? s.metric;
        if (q.bucket === 'raw') {
          const rows = await ctx.db
            .selectFrom('sensor_reading')
            .select(['ts', 'value', 'flagged'])
            .where('sensor_id', '=', s.id)
            .where('metric', '=', metric)
            .where('ts', '>=', from)
            .where('ts', '<', to)
            .orderBy('ts')
            .limit(20_000)
            .execute();
          return { sensorId: s.id, metric, unit: s.unit, bucket: 'raw', points: rows };
        }
        const rows = await ctx.db
          .selectFrom('sensor_rollup')
          .select(['bucket_start as ts', 'n', 'min', 'max', sql<number>`sum / nullif(n, 0)`.as('avg')])
          .where('sensor_id', '=', s.id)
          .where('metric', '=', metric)
          .where('bucket', '=', 'hour')
          .where('bucket_start', '>=', new Date(Math.floor(from.getTime() / 3_600_000) * 3_600_000))
          .where('bucket_start', '<', to)
          .orderBy('bucket_start')
          .limit(20_000)
          .execute();
        return { sensorId: s.id, metric, unit: s.unit, bucket: 'hour', points: rows };
      },
    });

    app.get('/sensor-dead-letters', {
      config: { access: ['admin', 'dispatcher'] },
      schema: {
        tags,
        summary:
          'Input the ingester refused or flagged (malformed, unknown-sensor, out-of-order, impossible-value…), newest first',
        querystring: z.object({
          reason: z.string().min(1).max(40).optional(),
          sensorId: z.string().min(1).max(64).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(50),
        }),
      },
      handler: async (request) => {
        const { reason, sensorId, page, pageSize } = request.query;
        let q = ctx.db.selectFrom('sensor_dead_letter');
        if (reason) q = q.where('reason', '=', reason);
        if (sensorId) q = q.where('sensor_id', '=', sensorId);
        const [items, count, byReason] = await Promise.all([
          q
            .select([
              'id',
              'received_at as receivedAt',
              'source',
              'topic',
              'sensor_id as sensorId',
              'payload',
              'reason',
              'detail',
            ])
            .orderBy('id', 'desc')
            .limit(pageSize)
            .offset((page - 1) * pageSize)
            .execute(),
          q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst(),
          ctx.db
            .selectFrom('sensor_dead_letter')
            .select(['reason', (eb) => eb.fn.countAll<string>().as('n')])
            .groupBy('reason')
            .execute(),
        ]);
        return {
          items: items.map((i) => ({ ...i, id: String(i.id) })),
          total: Number(count?.n ?? 0),
          page,
          pageSize,
          byReason: Object.fromEntries(byReason.map((r) => [r.reason, Number(r.n)])),
        };
      },
    });
  };
