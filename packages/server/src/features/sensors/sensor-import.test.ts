import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSheet } from 'read-excel-file/node';
import { parseCsvRecords, tableToXlsx, toCsvText, type XlsxCell } from '@yiwang/domain';
import { buildApp } from '../../app';
import { loadConfig } from '../../config';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';
import { demoPlaces, ensureTestTypes, type Place } from './sensor-test-kit';

let t: TestApp;
let p: { bwt: Place; qyl: Place; bwtCommittee: Place; qylCommittee: Place };

beforeAll(async () => {
  t = await createTestApp();
  await ensureTestTypes(t.ctx.db);
  p = await demoPlaces(t.ctx.db);
});
afterAll(() => t.close());

const HEADER = [
  'id',
  'type',
  'model',
  'street',
  'committee',
  'latitude',
  'longitude',
  'address',
  'interval_s',
  'installed_at',
];

type Job = {
  id: string;
  state: string;
  total: number;
  processed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejectedRows: number;
  errorCount: number;
  errors: { row: number; field: string; zh: string; en: string }[];
};

function upload(client: TestClient, name: string, content: string | Uint8Array, type = 'text/csv') {
  const form = new FormData();
  form.append(
    'file',
    new Blob([typeof content === 'string' ? content : Buffer.from(content)], { type }),
    name,
  );
  return client.request({ method: 'POST', url: '/api/sensors/import', payload: form });
}

/** Poll the job until it has finished (the import runs after the upload's answer). */
async function finished(client: TestClient, jobId: string): Promise<Job> {
  for (;;) {
    const res = await client.get(`/api/sensors/import/${jobId}`);
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json<Job>();
    expect(job.processed).toBeLessThanOrEqual(job.total);
    if (job.state === 'done' || job.state === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function importFile(client: TestClient, name: string, content: string | Uint8Array, type?: string) {
  const res = await upload(client, name, content, type);
  expect(res.statusCode, res.body).toBe(202);
  return finished(client, res.json<Job>().id);
}

const stored = (ids: string[]) =>
  t.ctx.db.selectFrom('sensor').selectAll().where('id', 'in', ids).orderBy('id').execute();

describe('importing sensors', () => {
  it('imports the good rows of a CSV and reports each bad row by row and field, writing none of it', async () => {
    const dispatcher = await t.staff('dispatcher');
    const csv = toCsvText(HEADER, [
      [
        'CSV-1',
        'water-level',
        'HX',
        '北外滩街道',
        p.bwtCommittee.name,
        31.2505,
        121.5018,
        '东大名路, 358 号',
        120,
        '2025-03-01',
      ],
      ['CSV-2', '烟感', '', p.qyl.code, '', 31.2828, 121.4962, '', '', ''],
      ['CSV-3', 'no-such-type', '', '北外滩', '', 31.25, 121.5, '', '', ''],
      ['CSV-4', 'smoke', '', '曲阳路', p.bwtCommittee.name, 31.25, 121.5, '', 5, ''],
      ['CSV-5', 'smoke', '', '北外滩', '', 121.5, 31.25, '', '', 'soon'],
      ['CSV-1', 'smoke', '', '北外滩', '', 31.25, 121.5, '', '', ''],
    ]);
    const job = await importFile(dispatcher, 'sensors.csv', csv);
    expect(job).toMatchObject({
      state: 'done',
      total: 6,
      processed: 6,
      inserted: 2,
      updated: 0,
      rejectedRows: 4,
    });
    expect(job.errors.map((e) => `${e.row}:${e.field}`)).toEqual([
      '4:type',
      '5:committee',
      '5:interval_s',
      '6:latitude',
      '6:longitude',
      '6:installed_at',
      '7:id',
    ]);
    expect(job.errors[0]).toMatchObject({
      zh: '未知的传感器类型“no-such-type”',
      en: 'unknown sensor type “no-such-type”',
    });
    const rows = await stored(['CSV-1', 'CSV-2', 'CSV-3', 'CSV-4', 'CSV-5']);
    expect(rows.map((r) => r.id)).toEqual(['CSV-1', 'CSV-2']);
    expect(rows[0]).toMatchObject({
      type_code: 'water-level',
      street_id: p.bwt.id,
      committee_id: p.bwtCommittee.id,
      address: '东大名路, 358 号',
      interval_s: 120,
      installed_at: '2025-03-01',
    });
    expect(rows[1]).toMatchObject({
      type_code: 'smoke',
      street_id: p.qyl.id,
      committee_id: null,
      interval_s: 60,
    });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['summary'])
      .where('action', '=', 'sensor.import')
      .where('entity_id', '=', job.id)
      .execute();
    expect(audit.map((a) => a.summary)).toEqual([
      { file: 'sensors.csv', rows: [2, 3], inserted: ['CSV-1', 'CSV-2'], updated: [] },
    ]);
  });

  it('imports an XLSX, updating the sensors it already has and leaving unchanged rows untouched', async () => {
    const dispatcher = await t.staff('dispatcher');
    const rows: XlsxCell[][] = [
      [
        'CSV-1',
        'water-level',
        'HX',
        '北外滩街道',
        p.bwtCommittee.name,
        31.2505,
        121.5018,
        '东大名路, 358 号',
        120,
        '2025-03-01',
      ],
      ['CSV-2', 'smoke', 'NEW-MODEL', Number(p.qyl.code), null, 31.2828, 121.4962, null, null, null],
      [null, null, null, null, null, null, null, null, null, null],
      ['XL-1', 'Water level', null, null, p.qylCommittee.code, '31.29', '121.49', null, 300, '2024/12/31'],
      ['XL-2', 'smoke', null, '不存在街道', null, 31.25, 121.5, null, null, null],
    ];
    const bytes = tableToXlsx('台账', HEADER, rows);
    const job = await importFile(dispatcher, 'sensors.xlsx', bytes, 'application/octet-stream');
    expect(job).toMatchObject({
      state: 'done',
      total: 4,
      inserted: 1,
      updated: 1,
      unchanged: 1,
      rejectedRows: 1,
    });
    expect(job.errors).toEqual([
      { row: 6, field: 'street', zh: '未找到街道“不存在街道”', en: 'no street “不存在街道”' },
    ]);
    const [csv2, xl1] = await stored(['CSV-2', 'XL-1']);
    expect(csv2!.model).toBe('NEW-MODEL');
    expect(xl1).toMatchObject({
      street_id: p.qyl.id,
      committee_id: p.qylCommittee.id,
      interval_s: 300,
      installed_at: '2024-12-31',
    });
  });

  it('reads a CSV that Excel saved in GB18030', async () => {
    const dispatcher = await t.staff('dispatcher');
    const gbk = Buffer.concat([
      Buffer.from('id,type,street,latitude,longitude\r\nGBK-1,smoke,'),
      Buffer.from('b1b1cde2ccb2bdd6b5c0', 'hex'), // 北外滩街道
      Buffer.from(',31.25,121.5\r\n'),
    ]);
    const job = await importFile(dispatcher, 'gbk.csv', gbk);
    expect(job).toMatchObject({ state: 'done', inserted: 1, rejectedRows: 0 });
    expect((await stored(['GBK-1']))[0]!.street_id).toBe(p.bwt.id);
  });

  it('offers the error report as CSV and XLSX, to the importer only', async () => {
    const dispatcher = await t.staff('dispatcher');
    const job = await importFile(
      dispatcher,
      'bad.csv',
      toCsvText(HEADER, [['B-1', 'smoke', '', '', '', 31.25, 121.5, '', '', '']]),
    );
    const csv = await dispatcher.get(`/api/sensors/import/${job.id}/errors?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(parseCsvRecords(csv.body).map((r) => r.fields)).toEqual([
      ['行号 row', '列 field', '问题', 'problem'],
      ['2', 'street', '缺少街道或居委会', 'a street or a residents’ committee is required'],
    ]);
    const xlsx = await dispatcher.get(`/api/sensors/import/${job.id}/errors?format=xlsx`);
    const sheet = await readSheet(xlsx.rawPayload);
    expect(sheet[1]).toEqual([
      2,
      'street',
      '缺少街道或居委会',
      'a street or a residents’ committee is required',
    ]);
    const admin = await t.staff('admin');
    expect((await admin.get(`/api/sensors/import/${job.id}`)).statusCode).toBe(404);
  });

  it('refuses a file without the needed columns, an empty file and a non-multipart request, naming the file', async () => {
    const dispatcher = await t.staff('dispatcher');
    const noColumns = await upload(dispatcher, 'x.csv', 'id,model\r\nA-1,X\r\n');
    expect(noColumns.statusCode).toBe(400);
    expect(noColumns.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([
      'file.type',
      'file.latitude',
      'file.longitude',
      'file.street',
    ]);
    const empty = await upload(dispatcher, 'x.csv', '\r\n');
    expect([empty.statusCode, empty.json<{ errors: { field: string }[] }>().errors[0]!.field]).toEqual([
      400,
      'file',
    ]);
    const broken = await upload(dispatcher, 'x.xlsx', 'PK not a zip at all');
    expect(broken.statusCode).toBe(400);
    expect((await dispatcher.post('/api/sensors/import', { file: 'x' })).statusCode).toBe(415);
  });

  it('keeps a street administrator to their street, also for devices registered elsewhere', async () => {
    const bwtAdmin = await t.staff('bwt-admin');
    const job = await importFile(
      bwtAdmin,
      'street.csv',
      toCsvText(HEADER, [
        ['BWT-1', 'smoke', '', '北外滩', '', 31.25, 121.5, '', '', ''],
        ['BWT-2', 'smoke', '', '曲阳路', '', 31.28, 121.49, '', '', ''],
        // CSV-2 is registered in 曲阳路: not theirs to move
        ['CSV-2', 'smoke', '', '北外滩', '', 31.25, 121.5, '', '', ''],
      ]),
    );
    expect(job).toMatchObject({ inserted: 1, updated: 0, rejectedRows: 2 });
    expect(job.errors.map((e) => `${e.row}:${e.field}:${e.en}`)).toEqual([
      '3:street:that street is outside your scope',
      '4:id:this device is registered in a street outside your scope',
    ]);
    expect((await stored(['CSV-2']))[0]!.street_id).toBe(p.qyl.id);
    expect((await (await t.staff('bwt-handler')).get('/api/sensors/import/template')).statusCode).toBe(403);
  });

  it('serves a template that imports as it is', async () => {
    const dispatcher = await t.staff('dispatcher');
    const template = await dispatcher.get('/api/sensors/import/template');
    expect(template.statusCode).toBe(200);
    expect(parseCsvRecords(template.body)[0]!.fields).toEqual(HEADER);
    const job = await importFile(dispatcher, 'template.csv', template.body);
    expect(job).toMatchObject({ state: 'done', total: 2, inserted: 2, rejectedRows: 0 });
  });

  it('writes several batches of a large file', async () => {
    const dispatcher = await t.staff('dispatcher');
    const n = 4_500;
    const rows = Array.from({ length: n }, (_, i) => [
      `BULK-${String(i).padStart(6, '0')}`,
      i % 2 ? 'smoke' : 'water-level',
      'M',
      p.bwt.code,
      '',
      31.25 + (i % 50) / 1000,
      121.49 + (i % 30) / 1000,
      `地址 ${i}`,
      60,
      '',
    ]);
    const job = await importFile(dispatcher, 'bulk.csv', toCsvText(HEADER, rows));
    expect(job).toMatchObject({ state: 'done', total: n, processed: n, inserted: n, rejectedRows: 0 });
    const { count } = await t.ctx.db
      .selectFrom('sensor')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('id', 'like', 'BULK-%')
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(n);
    const audits = await t.ctx.db
      .selectFrom('audit_log')
      .select('seq')
      .where('action', '=', 'sensor.import')
      .where('entity_id', '=', job.id)
      .execute();
    expect(audits.length).toBe(3);
  });

  it('answers a job and its error report from another server copy, and calls a job whose copy stopped interrupted', async () => {
    const dispatcher = await t.staff('dispatcher');
    const job = await importFile(
      dispatcher,
      'copies.csv',
      toCsvText(HEADER, [
        ['COPY-1', 'water-level', 'M', p.bwt.code, '', 31.25, 121.49, '地址', 60, ''],
        ['COPY-2', 'no-such-type', 'M', p.bwt.code, '', 31.25, 121.49, '地址', 60, ''],
      ]),
    );
    expect(job).toMatchObject({ state: 'done', inserted: 1, rejectedRows: 1 });
    // a second copy on the same database, no memory of the upload
    const { app: other } = await buildApp({
      db: t.ctx.db,
      config: loadConfig({}),
      logger: false,
      serveWeb: false,
    });
    await other.ready();
    try {
      const cookie = Object.entries(dispatcher.cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; ');
      const seen = await other.inject({
        method: 'GET',
        url: `/api/sensors/import/${job.id}`,
        headers: { cookie },
      });
      expect(seen.statusCode, seen.body).toBe(200);
      expect(seen.json()).toMatchObject({
        id: job.id,
        state: 'done',
        inserted: 1,
        rejectedRows: 1,
        errorCount: 1,
      });
      const report = await other.inject({
        method: 'GET',
        url: `/api/sensors/import/${job.id}/errors?format=csv`,
        headers: { cookie },
      });
      expect(report.statusCode, report.body).toBe(200);
      expect(report.body).toContain('type');
      // someone else's job is not theirs to see
      const admin = await t.staff('admin');
      expect((await admin.get(`/api/sensors/import/${job.id}`)).statusCode).toBe(404);
    } finally {
      await other.close();
    }
    // a job left running by a copy that stopped: shown as failed, with why
    await t.ctx.db
      .updateTable('sensor_import_job')
      .set({ state: 'running', finished_at: null, progress_at: new Date(Date.now() - 3_600_000) })
      .where('id', '=', job.id)
      .execute();
    const stale = (await dispatcher.get(`/api/sensors/import/${job.id}`)).json<
      Job & { failure: { en: string } }
    >();
    expect(stale.state).toBe('failed');
    expect(stale.failure.en).toMatch(/stopped/);
  });
});
