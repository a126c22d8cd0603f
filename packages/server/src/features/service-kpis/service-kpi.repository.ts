import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '@yiwang/db';
import type { workingDayTable } from '@yiwang/domain';

/** The calendar as `workingDayTable` gives it, plus the clock rules of the licence-case workflow. */
export type KpiParams = {
  from: Date;
  to: Date;
  /** Keeps a row whose department column is `col`: the filter and the actor's scope. */
  department: (col: RawBuilder<unknown>) => Expression<SqlBool>;
  table: ReturnType<typeof workingDayTable>;
  decisionActions: readonly string[];
  approvalActions: readonly string[];
  pausedStates: readonly string[];
  pauseActions: readonly string[];
  resumeActions: readonly string[];
  setupBundleCodes: readonly string[];
  setupItemCodes: readonly string[];
};

const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Shanghai wall-clock time of a timestamptz (a fixed UTC+8, no tz database needed). */
const local = (t: RawBuilder<unknown>) => sql`((${t} AT TIME ZONE 'UTC') + interval '8 hours')`;

/**
 * Working milliseconds from the start of the loaded calendar up to `t`, given the `cal` row
 * of t's Shanghai day joined as `c` (null when the day is not loaded).
 */
const workingMsAt = (t: RawBuilder<unknown>, c: string, p: KpiParams) =>
  sql<number>`(${sql.ref(`${c}.before`)}::bigint * ${p.table.dayMs}::bigint + CASE WHEN ${sql.ref(`${c}.working`)} THEN LEAST(GREATEST(extract(epoch FROM ${local(t)} - ${sql.ref(`${c}.day`)}::timestamp) * 1000 - ${p.table.openingMs}, 0), ${p.table.dayMs}) ELSE 0 END)`;

const calendarCte = (p: KpiParams) =>
  sql`cal AS (SELECT * FROM unnest(${p.table.days}::date[], ${p.table.working}::boolean[], ${p.table.before}::int[], ${p.table.block}::int[]) AS cal(day, working, before, block))`;

const dayOf = (t: RawBuilder<unknown>) => sql`(${local(t)})::date`;

export type DepartmentCounts = {
  departmentId: string;
  publishedItems: number;
  fullyOnlineItems: number;
  submitted: number;
  submittedOnline: number;
  decided: number;
  timed: number;
  workingMs: number;
  withDeadline: number;
  onTime: number;
  zeroVisit: number;
};

/** Published items and those needing no visit, by department (the current versions). */
export async function itemCounts(db: Database, p: KpiParams) {
  const { rows } = await sql<{ dept: string; published: string; fully_online: string }>`
    SELECT si.department_unit_id AS dept, count(*) AS published,
           count(*) FILTER (WHERE (v.definition->>'visits')::int = 0) AS fully_online
      FROM service_item si
      JOIN service_item_version v ON v.item_id = si.id AND v.version = si.current_version
     WHERE si.published AND ${p.department(sql`si.department_unit_id`)}
     GROUP BY 1`.execute(db);
  return rows.map((r) => ({ dept: r.dept, published: n(r.published), fullyOnline: n(r.fully_online) }));
}

/** Sub-cases submitted in the period by department, and how many were filed online. */
export async function submissionCounts(db: Database, p: KpiParams) {
  const { rows } = await sql<{ dept: string; submitted: string; online: string }>`
    SELECT ai.department_unit_id AS dept, count(*) AS submitted,
           count(*) FILTER (WHERE a.channel = 'online') AS online
      FROM application a
      JOIN application_item ai ON ai.application_id = a.id
     WHERE a.submitted_at >= ${p.from} AND a.submitted_at < ${p.to}
       AND ${p.department(sql`ai.department_unit_id`)}
     GROUP BY 1`.execute(db);
  return rows.map((r) => ({ dept: r.dept, submitted: n(r.submitted), online: n(r.online) }));
}

/** Applications submitted in the period by channel (an application counts once, whatever its sub-cases). */
export async function channelCounts(db: Database, p: KpiParams) {
  const { rows } = await sql<{ channel: string; count: string }>`
    SELECT a.channel, count(*) AS count
      FROM application a
     WHERE a.submitted_at >= ${p.from} AND a.submitted_at < ${p.to}
       AND EXISTS (SELECT 1 FROM application_item ai
                    WHERE ai.application_id = a.id AND ${p.department(sql`ai.department_unit_id`)})
     GROUP BY 1`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.channel, n(r.count)])) as Record<string, number>;
}

/**
 * Sub-cases decided in the period, by department: 办理时长 (working ms from submission to the
 * decision less the paused spans, summed), on time against the deadline in force when decided
 * (the case's last `sla.due` timer cancelled or fired by then), and items needing no visit.
 */
export async function decisionCounts(db: Database, p: KpiParams) {
  const paused = sql`(x.to_state = ANY(${p.pausedStates}::text[]) OR right(x.toggle, 1) = 'p')`;
  const { rows } = await sql<{
    dept: string;
    decided: string;
    timed: string;
    working_ms: string | null;
    with_deadline: string;
    on_time: string;
    zero_visit: string;
  }>`
    WITH ${calendarCte(p)},
    dec AS (
      SELECT d.case_id, d.at AS decided_at, a.submitted_at, ai.department_unit_id AS dept,
             (v.definition->>'visits')::int AS visits,
             (SELECT t.due_at FROM workflow_timer t
               WHERE t.case_id = d.case_id AND t.kind = 'sla.due'
                 AND coalesce(t.cancelled_at, t.fired_at) <= d.at
               ORDER BY t.id DESC LIMIT 1) AS deadline
        FROM workflow_action d
        JOIN application_item ai ON ai.case_id = d.case_id
        JOIN application a ON a.id = ai.application_id
        JOIN service_item_version v ON v.item_id = ai.item_id AND v.version = ai.item_version
       WHERE d.action = ANY(${p.decisionActions}::text[]) AND d.at >= ${p.from} AND d.at < ${p.to}
         AND ${p.department(sql`ai.department_unit_id`)}
    ),
    acts AS (
      SELECT w.case_id, w.at, w.to_state, dec.decided_at,
             lead(w.at) OVER (PARTITION BY w.case_id ORDER BY w.seq) AS next_at,
             max(CASE WHEN w.action = ANY(${p.pauseActions}::text[]) THEN lpad(w.seq::text, 10, '0') || 'p'
                      WHEN w.action = ANY(${p.resumeActions}::text[]) THEN lpad(w.seq::text, 10, '0') || 'r' END)
               OVER (PARTITION BY w.case_id ORDER BY w.seq) AS toggle
        FROM workflow_action w JOIN dec ON dec.case_id = w.case_id
    ),
    pause AS (
      SELECT x.case_id,
             sum(${workingMsAt(sql`LEAST(x.next_at, x.decided_at)`, 'pe', p)} - ${workingMsAt(sql`x.at`, 'ps', p)}) AS ms
        FROM acts x
        JOIN cal ps ON ps.day = ${dayOf(sql`x.at`)}
        JOIN cal pe ON pe.day = ${dayOf(sql`LEAST(x.next_at, x.decided_at)`)}
       WHERE x.at < x.decided_at AND ${paused}
       GROUP BY x.case_id
    ),
    timed AS (
      SELECT dec.*,
             CASE WHEN cs.block = cd.block
                  THEN ${workingMsAt(sql`dec.decided_at`, 'cd', p)} - ${workingMsAt(sql`dec.submitted_at`, 'cs', p)}
                       - coalesce(pause.ms, 0) END AS working_ms
        FROM dec
        LEFT JOIN cal cs ON cs.day = ${dayOf(sql`dec.submitted_at`)}
        LEFT JOIN cal cd ON cd.day = ${dayOf(sql`dec.decided_at`)}
        LEFT JOIN pause ON pause.case_id = dec.case_id
    )
    SELECT dept, count(*) AS decided, count(working_ms) AS timed, sum(working_ms) AS working_ms,
           count(deadline) AS with_deadline,
           count(*) FILTER (WHERE decided_at <= deadline) AS on_time,
           count(*) FILTER (WHERE visits = 0) AS zero_visit
      FROM timed GROUP BY dept`.execute(db);
  return rows.map((r) => ({
    dept: r.dept,
    decided: n(r.decided),
    timed: n(r.timed),
    workingMs: n(r.working_ms),
    withDeadline: n(r.with_deadline),
    onTime: n(r.on_time),
    zeroVisit: n(r.zero_visit),
  }));
}

/**
 * 开办企业用时: applications of the 开办企业 bundle, or of company registration alone, whose last
 * sub-case was approved in the period, with every sub-case approved — clock hours from
 * submission to that last approval. The median and the share within `promiseHours`.
 */
export async function companySetup(db: Database, p: KpiParams, promiseHours: number) {
  const { rows } = await sql<{ completed: string; median: string | null; within: string }>`
    WITH cand AS (
      SELECT DISTINCT ai.application_id
        FROM workflow_action w
        JOIN application_item ai ON ai.case_id = w.case_id
        JOIN application a ON a.id = ai.application_id
        LEFT JOIN service_bundle b ON b.id = a.bundle_id
        JOIN service_item si ON si.id = ai.item_id
       WHERE w.action = ANY(${p.approvalActions}::text[]) AND w.at >= ${p.from} AND w.at < ${p.to}
         AND (b.code = ANY(${p.setupBundleCodes}::text[])
              OR (a.bundle_id IS NULL AND si.code = ANY(${p.setupItemCodes}::text[])))
    ),
    setup AS (
      SELECT a.id, extract(epoch FROM max(ap.at) - a.submitted_at) / 3600 AS hours, max(ap.at) AS done_at
        FROM cand
        JOIN application a ON a.id = cand.application_id
        JOIN application_item ai ON ai.application_id = a.id
        LEFT JOIN LATERAL (SELECT min(w.at) AS at FROM workflow_action w
                            WHERE w.case_id = ai.case_id AND w.action = ANY(${p.approvalActions}::text[])) ap ON true
       GROUP BY a.id, a.submitted_at
      HAVING bool_and(ap.at IS NOT NULL)
    )
    SELECT count(*) AS completed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS median,
           count(*) FILTER (WHERE hours <= ${promiseHours}) AS within
      FROM setup WHERE done_at >= ${p.from} AND done_at < ${p.to}`.execute(db);
  const r = rows[0]!;
  return { completed: n(r.completed), medianHours: num(r.median), withinPromise: n(r.within) };
}

/** Sub-cases submitted and decided per Shanghai day over [from, to). */
export async function dailySeries(db: Database, p: KpiParams, from: Date, to: Date) {
  const { rows } = await sql<{ day: string; submitted: string; decided: string }>`
    WITH days AS (
      SELECT d::date AS day FROM generate_series(${dayOf(sql`${from}::timestamptz`)},
                                                 ${dayOf(sql`${to}::timestamptz`)} - 1, interval '1 day') d
    ),
    s AS (
      SELECT ${dayOf(sql`a.submitted_at`)} AS day, count(*) AS c
        FROM application a JOIN application_item ai ON ai.application_id = a.id
       WHERE a.submitted_at >= ${from} AND a.submitted_at < ${to} AND ${p.department(sql`ai.department_unit_id`)}
       GROUP BY 1
    ),
    d AS (
      SELECT ${dayOf(sql`w.at`)} AS day, count(*) AS c
        FROM workflow_action w JOIN application_item ai ON ai.case_id = w.case_id
       WHERE w.action = ANY(${p.decisionActions}::text[]) AND w.at >= ${from} AND w.at < ${to}
         AND ${p.department(sql`ai.department_unit_id`)}
       GROUP BY 1
    )
    SELECT to_char(days.day, 'YYYY-MM-DD') AS day, coalesce(s.c, 0) AS submitted, coalesce(d.c, 0) AS decided
      FROM days LEFT JOIN s ON s.day = days.day LEFT JOIN d ON d.day = days.day
     ORDER BY days.day`.execute(db);
  return rows.map((r) => ({ date: r.day, submitted: n(r.submitted), decided: n(r.decided) }));
}

/** Names of departments. */
export async function unitNames(db: Database, ids: readonly string[]) {
  if (!ids.length) return new Map<string, { code: string; name: string }>();
  const rows = await db
    .selectFrom('org_unit')
    .select(['id', 'code', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, { code: r.code, name: r.name }]));
}
