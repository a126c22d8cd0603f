import { sql } from 'kysely';
import type { Database } from '@yiwang/db';
import type { Scope } from '../../core/auth/actor';

/** 受理编号: HK + the Shanghai date + a district-wide sequence, e.g. HK20261127000042. */
export async function nextApplicationNo(db: Database, now: Date): Promise<string> {
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
  const { rows } = await sql<{ n: number }>`SELECT nextval('application_no_seq')::int AS n`.execute(db);
  return `HK${day}${String(rows[0]!.n).padStart(6, '0')}`;
}

export type ApplicationRow = {
  id: string;
  applicationNo: string;
  applicantAccountId: string;
  applicantKind: string;
  applicantName: string;
  applicantId: string;
  channel: string;
  intakeUnitId: string | null;
  bundleId: string | null;
  form: Record<string, unknown>;
  pledge: boolean;
  remoteConsultation: string | null;
  submittedAt: Date;
};

export type SubCaseRow = {
  caseId: string;
  itemId: string;
  itemVersion: number;
  itemCode: string;
  itemName: string;
  departmentUnitId: string;
  departmentName: string;
  departmentPath: string;
  state: string;
  version: number;
  slaDeadline: Date | null;
  slaUnknownYear: number | null;
  intakeUnitPath: string | null;
};

export async function findApplication(db: Database, id: string): Promise<ApplicationRow | undefined> {
  const r = await db.selectFrom('application').selectAll().where('id', '=', id).executeTakeFirst();
  return (
    r && {
      id: r.id,
      applicationNo: r.application_no,
      applicantAccountId: r.applicant_account_id,
      applicantKind: r.applicant_kind,
      applicantName: r.applicant_name,
      applicantId: r.applicant_id,
      channel: r.channel,
      intakeUnitId: r.intake_unit_id,
      bundleId: r.bundle_id,
      form: r.form as Record<string, unknown>,
      pledge: r.pledge,
      remoteConsultation: r.remote_consultation,
      submittedAt: r.submitted_at,
    }
  );
}

/** Sub-cases joined to their item, department and intake unit — the one query both lists build on. */
const subCases = (db: Database) =>
  db
    .selectFrom('application_item as ai')
    .innerJoin('workflow_case as c', 'c.id', 'ai.case_id')
    .innerJoin('service_item as si', 'si.id', 'ai.item_id')
    .innerJoin('org_unit as d', 'd.id', 'ai.department_unit_id')
    .leftJoin('org_unit as i', 'i.id', 'c.intake_unit_id')
    .select([
      'ai.application_id',
      'ai.case_id',
      'ai.item_id',
      'ai.item_version',
      'si.code as item_code',
      'c.title as item_name',
      'ai.department_unit_id',
      'd.name as department_name',
      'd.path as department_path',
      'c.state',
      'c.version',
      'c.sla_deadline',
      'c.sla_unknown_year',
      'c.created_at',
      'i.path as intake_path',
    ]);

type SubCaseSelect = Awaited<ReturnType<ReturnType<typeof subCases>['executeTakeFirstOrThrow']>>;

const toSubCase = (r: SubCaseSelect): SubCaseRow => ({
  caseId: r.case_id,
  itemId: r.item_id,
  itemVersion: r.item_version,
  itemCode: r.item_code,
  itemName: r.item_name,
  departmentUnitId: r.department_unit_id,
  departmentName: r.department_name,
  departmentPath: r.department_path,
  state: r.state,
  version: r.version,
  slaDeadline: r.sla_deadline,
  slaUnknownYear: r.sla_unknown_year,
  intakeUnitPath: r.intake_path,
});

export async function listSubCases(
  db: Database,
  applicationIds: string[],
): Promise<Map<string, SubCaseRow[]>> {
  const out = new Map<string, SubCaseRow[]>();
  if (!applicationIds.length) return out;
  const rows = await subCases(db)
    .where('ai.application_id', 'in', applicationIds)
    .orderBy('c.created_at')
    .execute();
  for (const r of rows) {
    const list = out.get(r.application_id) ?? [];
    list.push(toSubCase(r));
    out.set(r.application_id, list);
  }
  return out;
}

export type MaterialRow = {
  id: string;
  key: string;
  name: string;
  source: string;
  fileId: string | null;
  fileName: string | null;
  licenseId: string | null;
  licenseNo: string | null;
  dueBy: Date | null;
  suppliedAt: Date;
};

/** The current materials of an application: for each key the latest row (a later supply supersedes). */
export async function listMaterials(db: Database, applicationId: string): Promise<MaterialRow[]> {
  const rows = await db
    .selectFrom('application_material as m')
    .leftJoin('stored_file as f', 'f.id', 'm.file_id')
    .leftJoin('e_license as l', 'l.id', 'm.license_id')
    .select([
      'm.id',
      'm.material_key',
      'm.name',
      'm.source',
      'm.file_id',
      'f.original_name',
      'm.license_id',
      'l.license_no',
      'm.due_by',
      'm.supplied_at',
    ])
    .where('m.application_id', '=', applicationId)
    .orderBy('m.supplied_at')
    .execute();
  const latest = new Map<string, MaterialRow>();
  for (const r of rows) {
    latest.set(r.material_key, {
      id: r.id,
      key: r.material_key,
      name: r.name,
      source: r.source,
      fileId: r.file_id,
      fileName: r.original_name,
      licenseId: r.license_id,
      licenseNo: r.license_no,
      dueBy: r.due_by,
      suppliedAt: r.supplied_at,
    });
  }
  return [...latest.values()];
}

const OPEN_STATES = ['submitted', 'correcting', 'reviewing', 'approved', 'denied'] as const;
type OpenState = (typeof OPEN_STATES)[number];

export type QueueRow = {
  applicationId: string;
  applicationNo: string;
  applicantName: string;
  channel: string;
  sub: SubCaseRow;
  submittedAt: Date;
};

/**
 * A handling queue: open sub-cases whose department or intake unit lies in the scope, the
 * nearest deadline first (unknown deadlines last). Built for millions of cases: the scope's
 * units are looked up first, then each unit's first N open cases come from a partial index
 * (`workflow_case_open_queue_idx`), and only the page's rows are joined to the rest.
 */
export async function listQueue(
  db: Database,
  scope: Scope,
  f: { states?: string[] | undefined; page: number; pageSize: number },
): Promise<{ rows: QueueRow[]; total: number }> {
  if (scope.kind === 'own' || scope.kind === 'none') return { rows: [], total: 0 };
  const states = (f.states?.length ? f.states : OPEN_STATES).filter((s): s is OpenState =>
    (OPEN_STATES as readonly string[]).includes(s),
  );
  if (!states.length) return { rows: [], total: 0 };
  // Literal states, so the planner can match the partial indexes' predicate.
  const stateList = sql.raw(states.map((s) => `'${s}'`).join(', '));
  const open = sql`c.definition_key = 'licence-case' AND c.state IN (${stateList})`;
  const n = f.page * f.pageSize;
  const offset = (f.page - 1) * f.pageSize;

  let pageIds: Array<{ id: string }>;
  let total: number;
  if (scope.kind === 'all') {
    pageIds = (
      await sql<{ id: string }>`SELECT c.id FROM workflow_case c WHERE ${open}
        ORDER BY c.sla_deadline ASC NULLS LAST, c.created_at LIMIT ${f.pageSize} OFFSET ${offset}`.execute(db)
    ).rows;
    total = (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM workflow_case c WHERE ${open}`.execute(db)
    ).rows[0]!.n;
  } else {
    const like = `${scope.path.replace(/[\\%_]/g, (ch) => `\\${ch}`)}/%`;
    const units = (
      await db
        .selectFrom('org_unit')
        .select('id')
        .where((eb) => eb.or([eb('path', '=', scope.path), eb('path', 'like', like)]))
        .execute()
    ).map((u) => u.id);
    const ids = sql`${units}::uuid[]`;
    pageIds = (
      await sql<{ id: string }>`
        WITH candidates AS (
          SELECT t.id, t.sla_deadline, t.created_at FROM unnest(${ids}) AS s(id)
          CROSS JOIN LATERAL (
            SELECT c.id, c.sla_deadline, c.created_at FROM workflow_case c
            WHERE c.unit_id = s.id AND ${open}
            ORDER BY c.sla_deadline ASC NULLS LAST, c.created_at LIMIT ${n}) t
          UNION
          SELECT t.id, t.sla_deadline, t.created_at FROM unnest(${ids}) AS s(id)
          CROSS JOIN LATERAL (
            SELECT c.id, c.sla_deadline, c.created_at FROM workflow_case c
            WHERE c.intake_unit_id = s.id AND ${open}
            ORDER BY c.sla_deadline ASC NULLS LAST, c.created_at LIMIT ${n}) t
        )
        SELECT id FROM candidates ORDER BY sla_deadline ASC NULLS LAST, created_at LIMIT ${f.pageSize} OFFSET ${offset}`.execute(
        db,
      )
    ).rows;
    total = (
      await sql<{ n: number }>`
        SELECT (SELECT count(*) FROM workflow_case c WHERE c.unit_id = ANY(${ids}) AND ${open})
             + (SELECT count(*) FROM workflow_case c WHERE c.intake_unit_id = ANY(${ids}) AND ${open}
                  AND NOT (c.unit_id = ANY(${ids})))::int AS n`.execute(db)
    ).rows[0]!.n;
  }
  if (!pageIds.length) return { rows: [], total };
  const rows = await subCases(db)
    .innerJoin('application as a', 'a.id', 'ai.application_id')
    .select(['a.application_no', 'a.applicant_name', 'a.channel', 'a.submitted_at'])
    .where(
      'ai.case_id',
      'in',
      pageIds.map((p) => p.id),
    )
    .orderBy(sql`c.sla_deadline ASC NULLS LAST`)
    .orderBy('c.created_at')
    .execute();
  return {
    total,
    rows: rows.map((r) => ({
      applicationId: r.application_id,
      applicationNo: r.application_no,
      applicantName: r.applicant_name,
      channel: r.channel,
      submittedAt: r.submitted_at,
      sub: toSubCase(r),
    })),
  };
}
