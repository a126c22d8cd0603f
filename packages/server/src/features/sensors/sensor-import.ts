/**
 * 传感器台账导入 — a CSV or XLSX file of sensors checked row by row and written in batches, as a
 * job whose progress the page polls.
 *
 * Jobs are rows of sensor_import_job (migration 0023): the copy that took the upload runs the
 * job and writes its progress after every batch; any copy answers its GET and error report. A
 * job whose copy stopped (no progress written for INTERRUPTED_AFTER_MS) is shown as failed — the
 * sensors written so far stay written. Finished jobs are deleted after a week.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { readSheet } from 'read-excel-file/node';
import {
  PlaceIndex,
  SENSOR_IMPORT_COLUMNS,
  SENSOR_IMPORT_COLUMN_TITLES,
  checkImportRows,
  isBlankRow,
  mapImportHeader,
  parseCsvRecords,
  tableToXlsx,
  toCsvText,
  type ImportCell,
  type SensorImportCandidate,
  type SensorImportError,
} from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import { scopeCoversUnit, type Actor } from '../../core/auth/actor';
import { recordAudit } from '../../core/audit/audit-log';
import { checkZipBomb } from '../../core/files/decompression-limits';
import { Problem, fieldProblem } from '../../core/problem';
import { existingStreets, loadImportTypes, loadPlaces, upsertSensors } from './sensors.repository';
import { registryScope } from './sensors.service';

/** Rows per INSERT … ON CONFLICT: 11 parameters each, well under PostgreSQL's 65,535. */
export const IMPORT_BATCH = 2_000;
/** Rows checked between two turns of the event loop. */
const CHECK_SLICE = 5_000;
/** Rows a file may hold. */
export const IMPORT_MAX_ROWS = 200_000;
/** Field errors sent with a job's status; the CSV/XLSX report has them all. */
const ERRORS_SHOWN = 1_000;
/** finished jobs are deleted after a week */
const KEEP_FINISHED_MS = 7 * 86_400_000;

export type ImportJobState = 'queued' | 'running' | 'done' | 'failed';

export type ImportJob = {
  id: string;
  ownerId: string;
  fileName: string;
  state: ImportJobState;
  total: number;
  processed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejectedRows: number;
  errors: SensorImportError[];
  startedAt: Date;
  finishedAt: Date | null;
  failure: { zh: string; en: string } | null;
};

type Parsed = { header: ImportCell[]; rows: { row: number; cells: ImportCell[] }[] };

const looksLikeXlsx = (bytes: Buffer) => bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b;

/** UTF-8 (with or without a BOM), else GB18030 — what Excel on a Chinese desktop saves as “CSV”. */
function decodeCsv(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

const FILE_PROBLEM = (zh: string, en: string) => fieldProblem('validation', 'file', { zh, en });

/** Read an uploaded file into its header and data rows (row numbers as a spreadsheet shows them). */
export async function readImportFile(fileName: string, bytes: Buffer): Promise<Parsed> {
  let all: { row: number; cells: ImportCell[] }[];
  if (looksLikeXlsx(bytes) || /\.xlsx$/i.test(fileName)) {
    let sheet: ImportCell[][];
    await checkZipBomb(bytes);
    try {
      sheet = (await readSheet(bytes)) as ImportCell[][];
    } catch {
      throw FILE_PROBLEM('无法读取该 Excel 文件（须为 .xlsx）', 'the file is not a readable .xlsx workbook');
    }
    all = sheet.map((cells, i) => ({ row: i + 1, cells }));
  } else if (/\.xls$/i.test(fileName) || bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw FILE_PROBLEM(
      '不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV',
      'old .xls files are not read: save as .xlsx or CSV',
    );
  } else {
    all = parseCsvRecords(decodeCsv(bytes)).map((r) => ({ row: r.line, cells: r.fields }));
  }
  const firstFilled = all.findIndex((r) => !isBlankRow(r.cells));
  if (firstFilled < 0) throw FILE_PROBLEM('文件是空的', 'the file is empty');
  const header = all[firstFilled]!.cells;
  const rows = all.slice(firstFilled + 1).filter((r) => !isBlankRow(r.cells));
  if (rows.length > IMPORT_MAX_ROWS)
    throw FILE_PROBLEM(`一次最多导入 ${IMPORT_MAX_ROWS} 行`, `at most ${IMPORT_MAX_ROWS} rows per file`);
  return { header, rows };
}

const view = (job: ImportJob) => ({
  id: job.id,
  fileName: job.fileName,
  state: job.state,
  total: job.total,
  processed: job.processed,
  inserted: job.inserted,
  updated: job.updated,
  unchanged: job.unchanged,
  rejectedRows: job.rejectedRows,
  errorCount: job.errors.length,
  errors: job.errors.slice(0, ERRORS_SHOWN),
  startedAt: job.startedAt,
  finishedAt: job.finishedAt,
  failure: job.failure,
});
export type ImportJobView = ReturnType<typeof view>;

/** Import jobs: run by the copy that took the upload, read from the database by any. */
export class SensorImportJobs {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly ctx: AppContext,
    private readonly log: Pick<FastifyBaseLogger, 'error'>,
  ) {}

  /**
   * Check the file's header at once (a file without the needed columns is a 400), then run the
   * job in the background; answers the job as it starts.
   */
  async start(actor: Actor, fileName: string, bytes: Buffer): Promise<ImportJobView> {
    const parsed = await readImportFile(fileName, bytes);
    const { columns, missing } = mapImportHeader(parsed.header);
    if (missing.length)
      throw new Problem(
        'validation',
        { zh: `文件缺少列：${missing.join(', ')}`, en: `the file lacks the columns ${missing.join(', ')}` },
        missing.map((c) => ({
          field: `file.${c}`,
          zh: `缺少列“${c}”（${SENSOR_IMPORT_COLUMN_TITLES[c].zh}）`,
          en: `the column “${c}” (${SENSOR_IMPORT_COLUMN_TITLES[c].en}) is missing`,
        })),
      );
    await this.forgetOld();
    const job: ImportJob = {
      id: randomUUID(),
      ownerId: actor.id!,
      fileName,
      state: 'queued',
      total: parsed.rows.length,
      processed: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      rejectedRows: 0,
      errors: [],
      startedAt: new Date(),
      finishedAt: null,
      failure: null,
    };
    await insertJob(this.ctx.db, job);
    const run = this.run(job, actor, parsed, columns)
      .catch((error: unknown) => {
        job.state = 'failed';
        job.failure = { zh: '导入中断，已写入的行保留', en: 'the import stopped; rows already written stay' };
        this.log.error({ err: error, jobId: job.id }, 'sensor import failed');
      })
      .then(async () => {
        job.finishedAt = new Date();
        await saveJob(this.ctx.db, job, true);
      })
      .catch((error: unknown) =>
        this.log.error({ err: error, jobId: job.id }, 'sensor import: saving the job'),
      )
      .finally(() => this.running.delete(run));
    this.running.add(run);
    return view(job);
  }

  /** A job its owner started, on any copy (undefined otherwise, or for someone else's). */
  async get(actor: Actor, id: string): Promise<ImportJob | undefined> {
    if (!actor.id) return undefined;
    return loadJob(this.ctx.db, id, actor.id);
  }

  view(job: ImportJob) {
    return view(job);
  }

  /** Wait for running jobs (the server is closing). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async forgetOld() {
    await this.ctx.db
      .deleteFrom('sensor_import_job')
      .where('finished_at', '<', new Date(Date.now() - KEEP_FINISHED_MS))
      .execute();
  }

  private async run(
    job: ImportJob,
    actor: Actor,
    parsed: Parsed,
    columns: ReturnType<typeof mapImportHeader>['columns'],
  ) {
    // Let the upload's answer go out first.
    await new Promise((resolve) => setImmediate(resolve));
    job.state = 'running';
    const { db } = this.ctx;
    await saveJob(db, job, false);
    const scope = registryScope(actor);
    const [types, places] = await Promise.all([loadImportTypes(db), loadPlaces(db)]);
    const lookups = {
      types,
      places: new PlaceIndex(places),
      mayPlaceIn: (street: { path: string }) => scopeCoversUnit(scope, street.path),
    };
    // Checked in slices, yielding between them: the event loop is shared with the ingester.
    const checked = {
      candidates: [] as SensorImportCandidate[],
      errors: [] as SensorImportError[],
      badRows: 0,
    };
    const seen = new Map<string, number>();
    const now = new Date();
    for (let i = 0; i < parsed.rows.length; i += CHECK_SLICE) {
      const part = checkImportRows(parsed.rows.slice(i, i + CHECK_SLICE), columns, lookups, now, seen);
      checked.candidates.push(...part.candidates);
      checked.errors.push(...part.errors);
      checked.badRows += part.badRows;
      await new Promise((resolve) => setImmediate(resolve));
    }
    job.errors = checked.errors;
    job.rejectedRows = checked.badRows;
    job.processed = checked.badRows;
    await saveJob(db, job, true);

    for (let i = 0; i < checked.candidates.length; i += IMPORT_BATCH) {
      const slice = checked.candidates.slice(i, i + IMPORT_BATCH);
      let batch: SensorImportCandidate[] = slice;
      if (scope.kind !== 'all') {
        // A device already registered outside the importer's scope is not theirs to move.
        const existing = await existingStreets(
          db,
          batch.map((c) => c.id),
        );
        batch = batch.filter((c) => {
          const path = existing.get(c.id);
          if (path === undefined || (path !== null && scopeCoversUnit(scope, path))) return true;
          job.errors.push({
            row: c.row,
            field: 'id',
            zh: '该设备已登记在您管辖范围外的街道',
            en: 'this device is registered in a street outside your scope',
          });
          job.rejectedRows++;
          return false;
        });
      }
      const written = await db.transaction().execute(async (trx) => {
        const rows = await upsertSensors(trx, batch);
        const inserted = rows.filter((r) => r.inserted).map((r) => r.id);
        const updated = rows.filter((r) => !r.inserted).map((r) => r.id);
        if (rows.length)
          await recordAudit(trx, actor, {
            action: 'sensor.import',
            entity: 'sensor',
            entityId: job.id,
            summary: { file: job.fileName, rows: [batch[0]!.row, batch.at(-1)!.row], inserted, updated },
          });
        return { inserted: inserted.length, updated: updated.length };
      });
      job.inserted += written.inserted;
      job.updated += written.updated;
      job.unchanged += batch.length - written.inserted - written.updated;
      job.processed += slice.length;
      await saveJob(db, job, false);
    }
    job.errors.sort((a, b) => a.row - b.row);
    job.processed = job.total;
    job.state = 'done';
  }
}

/** A job no copy has written progress for in this long is shown as interrupted. */
export const INTERRUPTED_AFTER_MS = 5 * 60_000;

async function insertJob(db: AppContext['db'], job: ImportJob) {
  await db
    .insertInto('sensor_import_job')
    .values({
      id: job.id,
      owner_id: job.ownerId,
      file_name: job.fileName,
      state: job.state,
      total: job.total,
      started_at: job.startedAt,
    })
    .execute();
}

/** Write a job's progress (`withErrors`: its error list too — written when it changes, not per batch). */
async function saveJob(db: AppContext['db'], job: ImportJob, withErrors: boolean) {
  await db
    .updateTable('sensor_import_job')
    .set({
      state: job.state,
      processed: job.processed,
      inserted: job.inserted,
      updated: job.updated,
      unchanged: job.unchanged,
      rejected_rows: job.rejectedRows,
      failure: job.failure ? JSON.stringify(job.failure) : null,
      finished_at: job.finishedAt,
      progress_at: new Date(),
      ...(withErrors ? { errors: JSON.stringify(job.errors) } : {}),
    })
    .where('id', '=', job.id)
    .execute();
}

async function loadJob(db: AppContext['db'], id: string, ownerId: string): Promise<ImportJob | undefined> {
  const r = await db
    .selectFrom('sensor_import_job')
    .selectAll()
    .where('id', '=', id)
    .where('owner_id', '=', ownerId)
    .executeTakeFirst();
  if (!r) return undefined;
  const job: ImportJob = {
    id: r.id,
    ownerId: r.owner_id,
    fileName: r.file_name,
    state: r.state as ImportJobState,
    total: r.total,
    processed: r.processed,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    rejectedRows: r.rejected_rows,
    errors: r.errors as SensorImportError[],
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    failure: r.failure as ImportJob['failure'],
  };
  // its copy stopped mid-job (a restart, a crash): say so instead of "running" for ever
  if (!job.finishedAt && Date.now() - r.progress_at.getTime() > INTERRUPTED_AFTER_MS) {
    job.state = 'failed';
    job.failure = {
      zh: '导入所在的服务器副本已停止，已写入的行保留，请重新导入其余行',
      en: 'the server copy running the import stopped; rows already written stay: import the rest again',
    };
  }
  return job;
}

/** The template: the column names, what each means, and two example rows to replace. */
export function templateCsv(): string {
  return toCsvText(
    [...SENSOR_IMPORT_COLUMNS],
    [
      [
        'WL-0001',
        'water-level',
        'HX-WL200',
        '北外滩街道',
        '长治居委会',
        31.2505,
        121.5018,
        '东大名路 358 号路口',
        60,
        '2025-03-01',
      ],
      ['SM-0001', '烟感', 'YG-3', '310109010', '', 31.2828, 121.4962, '曲阳路 500 号', '', ''],
    ],
  );
}

const REPORT_HEADER = ['行号 row', '列 field', '问题', 'problem'];
const reportRows = (job: ImportJob) => job.errors.map((e) => [e.row, e.field, e.zh, e.en]);

export const errorReportCsv = (job: ImportJob) => toCsvText(REPORT_HEADER, reportRows(job));
export const errorReportXlsx = (job: ImportJob) => tableToXlsx('导入错误', REPORT_HEADER, reportRows(job));
