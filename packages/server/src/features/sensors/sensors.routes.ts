import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SENSOR_ID_PATTERN, XLSX_TYPE, tableToXlsx, toCsvText } from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import { Problem, fieldProblem, notFound } from '../../core/problem';
import { Page, Uuid, checkedString } from '../../core/schemas';
import { SensorImportJobs, errorReportCsv, errorReportXlsx, templateCsv } from './sensor-import';
import { sensorExportColumns } from './sensor-export';
import {
  SensorBody,
  SensorQuery,
  SensorUpdateBody,
  createSensor,
  getSensor,
  listRegistry,
  listSensorTypes,
  updateSensor,
} from './sensors.service';

const tags = ['sensors'];
/** An import file may be larger than other uploads: 61,000 rows with addresses is about 8 MB of CSV. */
const MAX_IMPORT_BYTES = 30 * 1024 * 1024;

/**
 * Building and zipping an XLSX holds the event loop for seconds at registry size (the ingester
 * shares it): the Excel export stops at 20,000 rows (a street's sensors); CSV has no limit.
 */
export const MAX_XLSX_ROWS = 20_000;

const SensorIdParams = z.object({
  id: checkedString((v) => SENSOR_ID_PATTERN.test(v), {
    zh: '设备编号格式不正确',
    en: 'the device id has the wrong format',
  }),
});
const JobParams = z.object({ jobId: Uuid });
const FileFormat = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') });
const IMPORT_JOB = { zh: '导入任务', en: 'import job' };

const stamp = () =>
  new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
const attachment = (name: string) => `attachment; filename="${name}"`;

/** 一网统管 sensor registry: types, sensors, import from CSV/XLSX with a job and a per-row report. */
export const sensorRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const jobs = new SensorImportJobs(ctx, app.log);
    app.addHook('onClose', () => jobs.drain());

    app.get('/sensor-types', {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          'Sensor types: metric and unit, valid range, default reporting interval, the category their alarms open, how many sensors',
      },
      handler: async () => ({ items: await listSensorTypes(ctx.db) }),
    });

    app.get('/sensors', {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          'Registered sensors the caller may see (street staff: their street), filtered by type, street, committee, online, active and text (id, address, model); format=csv|xlsx downloads the whole filtered list (XLSX up to 20,000 rows)',
        querystring: Page.extend(SensorQuery.shape).extend({
          format: z.enum(['json', 'csv', 'xlsx']).default('json'),
          lang: z.enum(['zh', 'en']).default('zh'),
        }),
      },
      handler: async (request, reply) => {
        const { page, pageSize, format, lang, ...filter } = request.query;
        if (format === 'json') return listRegistry(ctx, request.actor, filter, { page, pageSize });
        if (format === 'xlsx') {
          const { total } = await listRegistry(ctx, request.actor, filter, { page: 1, pageSize: 1 });
          if (total > MAX_XLSX_ROWS)
            throw fieldProblem('validation', 'format', {
              zh: `Excel 导出最多 ${MAX_XLSX_ROWS} 行（本次 ${total} 行），请先筛选或导出 CSV`,
              en: `an Excel export holds at most ${MAX_XLSX_ROWS} rows (this one ${total}): filter first or export CSV`,
            });
        }
        const { items } = await listRegistry(ctx, request.actor, filter, 'all');
        const columns = sensorExportColumns(lang);
        const header = columns.map((c) => c.header);
        const rows = items.map((s) => columns.map((c) => c.value(s)));
        const name = `sensors-${stamp()}.${format}`;
        reply.header('content-disposition', attachment(name));
        if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsvText(header, rows));
        return reply.type(XLSX_TYPE).send(Buffer.from(tableToXlsx('传感器台账', header, rows)));
      },
    });

    app.get('/sensors/import/template', {
      config: { access: ['admin', 'dispatcher'] },
      schema: {
        tags,
        summary: 'The import template (CSV, UTF-8 with BOM): the columns and two example rows to replace',
      },
      handler: async (_request, reply) =>
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', attachment('sensor-import-template.csv'))
          .send(templateCsv()),
    });

    app.post('/sensors/import', {
      config: { access: ['admin', 'dispatcher'] },
      schema: {
        tags,
        summary:
          'Import sensors from a CSV or XLSX file (multipart part `file`; columns id, type, model, street, committee, latitude, longitude, address, interval_s, installed_at). 202 with a job to poll; valid rows are written in batches, bad rows reported by row and field',
      },
      handler: async (request, reply) => {
        if (!request.isMultipart())
          throw new Problem('unsupported-media-type', {
            zh: '请以 multipart/form-data 上传文件',
            en: 'send the file as multipart/form-data',
          });
        const part = await request.file({ limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } });
        if (!part) throw fieldProblem('validation', 'file', { zh: '缺少文件', en: 'the file is missing' });
        let bytes: Buffer;
        try {
          bytes = await part.toBuffer();
        } catch (error) {
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
            throw fieldProblem('payload-too-large', 'file', {
              zh: '文件超过 30 MB',
              en: 'the file is larger than 30 MB',
            });
          throw error;
        }
        const job = await jobs.start(request.actor, part.filename || 'sensors', bytes);
        return reply.status(202).send(job);
      },
    });

    app.get('/sensors/import/:jobId', {
      config: { access: ['admin', 'dispatcher'] },
      schema: {
        tags,
        summary:
          'An import job of yours: state (queued, running, done, failed), processed of total, inserted, updated, unchanged, rejected rows and the first 1,000 field errors',
        params: JobParams,
      },
      handler: async (request) => {
        const job = await jobs.get(request.actor, request.params.jobId);
        if (!job) throw notFound(IMPORT_JOB);
        return jobs.view(job);
      },
    });

    app.get('/sensors/import/:jobId/errors', {
      config: { access: ['admin', 'dispatcher'] },
      schema: {
        tags,
        summary: 'Every rejected row of an import job with its fields at fault, as CSV or XLSX',
        params: JobParams,
        querystring: FileFormat,
      },
      handler: async (request, reply) => {
        const job = await jobs.get(request.actor, request.params.jobId);
        if (!job) throw notFound(IMPORT_JOB);
        reply.header(
          'content-disposition',
          attachment(`sensor-import-errors-${stamp()}.${request.query.format}`),
        );
        if (request.query.format === 'csv')
          return reply.type('text/csv; charset=utf-8').send(errorReportCsv(job));
        return reply.type(XLSX_TYPE).send(Buffer.from(errorReportXlsx(job)));
      },
    });

    app.get('/sensors/:id', {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          'One sensor with its open alarm count (404 outside your scope); its alarms: GET /sensor-alarms?sensorId=',
        params: SensorIdParams,
      },
      handler: (request) => getSensor(ctx, request.actor, request.params.id),
    });

    app.post('/sensors', {
      config: { access: ['admin', 'dispatcher'] },
      schema: { tags, summary: 'Register a sensor (administrators, dispatchers); audited', body: SensorBody },
      handler: async (request, reply) =>
        reply.status(201).send(await createSensor(ctx, request.actor, request.body)),
    });

    app.put('/sensors/:id', {
      config: { access: ['admin', 'dispatcher'] },
      schema: {
        tags,
        summary:
          'Change a sensor: type, place, coordinates, interval, thresholds, active (the id stays); audited',
        params: SensorIdParams,
        body: SensorUpdateBody,
      },
      handler: (request) => updateSensor(ctx, request.actor, request.params.id, request.body),
    });
  };
