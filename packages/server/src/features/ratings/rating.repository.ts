import { sql, type Transaction } from 'kysely';
import type { Database, DB } from '@yiwang/db';
import type { RatingIndicator } from '@yiwang/domain';
import type { Scope } from '../../core/auth/actor';

export type RatingRow = {
  id: string;
  applicationId: string;
  raterAccountId: string;
  serviceChannel: string;
  via: string;
  departmentUnitId: string;
  departmentName: string;
  intakeUnitId: string | null;
  score: number;
  indicators: Partial<Record<RatingIndicator, number>>;
  comment: string | null;
  rectificationCaseId: string | null;
  rectificationState: string | null;
  createdAt: Date;
};

const ratingQuery = (db: Database) =>
  db
    .selectFrom('rating as r')
    .innerJoin('org_unit as d', 'd.id', 'r.department_unit_id')
    .leftJoin('workflow_case as c', 'c.id', 'r.rectification_case_id')
    .select([
      'r.id',
      'r.application_id',
      'r.rater_account_id',
      'r.service_channel',
      'r.via',
      'r.department_unit_id',
      'd.name as department_name',
      'r.intake_unit_id',
      'r.score',
      'r.attitude',
      'r.efficiency',
      'r.standard',
      'r.convenience',
      'r.result',
      'r.comment',
      'r.rectification_case_id',
      'c.state as rectification_state',
      'r.created_at',
    ]);

type Selected = Awaited<ReturnType<ReturnType<typeof ratingQuery>['executeTakeFirstOrThrow']>>;

function toRating(r: Selected): RatingRow {
  const indicators: Partial<Record<RatingIndicator, number>> = {};
  for (const k of ['attitude', 'efficiency', 'standard', 'convenience', 'result'] as const) {
    if (r[k] !== null) indicators[k] = r[k];
  }
  return {
    id: r.id,
    applicationId: r.application_id,
    raterAccountId: r.rater_account_id,
    serviceChannel: r.service_channel,
    via: r.via,
    departmentUnitId: r.department_unit_id,
    departmentName: r.department_name,
    intakeUnitId: r.intake_unit_id,
    score: r.score,
    indicators,
    comment: r.comment,
    rectificationCaseId: r.rectification_case_id,
    rectificationState: r.rectification_state,
    createdAt: r.created_at,
  };
}

export async function findRatingOfApplication(db: Database, applicationId: string) {
  const r = await ratingQuery(db).where('r.application_id', '=', applicationId).executeTakeFirst();
  return r && toRating(r);
}

export async function findRatingOfCase(db: Database, caseId: string) {
  const r = await ratingQuery(db).where('r.rectification_case_id', '=', caseId).executeTakeFirst();
  return r && toRating(r);
}

export async function insertRating(
  trx: Transaction<DB>,
  row: {
    applicationId: string;
    raterAccountId: string;
    serviceChannel: string;
    via: string;
    departmentUnitId: string;
    intakeUnitId: string | null;
    score: number;
    indicators: Partial<Record<RatingIndicator, number | undefined>>;
    comment: string | null;
    rectificationCaseId: string | null;
  },
): Promise<string> {
  const r = await trx
    .insertInto('rating')
    .values({
      application_id: row.applicationId,
      rater_account_id: row.raterAccountId,
      service_channel: row.serviceChannel,
      via: row.via,
      department_unit_id: row.departmentUnitId,
      intake_unit_id: row.intakeUnitId,
      score: row.score,
      attitude: row.indicators.attitude ?? null,
      efficiency: row.indicators.efficiency ?? null,
      standard: row.indicators.standard ?? null,
      convenience: row.indicators.convenience ?? null,
      result: row.indicators.result ?? null,
      comment: row.comment,
      rectification_case_id: row.rectificationCaseId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

const CLOSED_STATES = ['closed', 'upheld'];

/**
 * Rectification cases whose handling unit or intake unit lies in the scope, the nearest
 * deadline first (no deadline last).
 */
export async function listRectificationRows(
  db: Database,
  scope: Scope,
  f: { open: boolean; page: number; pageSize: number },
) {
  let query = db
    .selectFrom('rating as r')
    .innerJoin('workflow_case as c', 'c.id', 'r.rectification_case_id')
    .innerJoin('application as a', 'a.id', 'r.application_id')
    .innerJoin('org_unit as d', 'd.id', 'c.unit_id')
    .leftJoin('org_unit as i', 'i.id', 'c.intake_unit_id');
  if (f.open) query = query.where('c.state', 'not in', CLOSED_STATES);
  if (scope.kind === 'subtree') {
    const like = `${scope.path.replace(/[\\%_]/g, (ch) => `\\${ch}`)}/%`;
    query = query.where((eb) =>
      eb.or([
        eb('d.path', '=', scope.path),
        eb('d.path', 'like', like),
        eb('i.path', '=', scope.path),
        eb('i.path', 'like', like),
      ]),
    );
  } else if (scope.kind !== 'all') {
    query = query.where(sql<boolean>`false`);
  }
  const [rows, count] = await Promise.all([
    query
      .select([
        'c.id as case_id',
        'c.title',
        'c.state',
        'c.version',
        'c.sla_deadline',
        'c.sla_unknown_year',
        'c.sla_overrides',
        'c.created_at',
        'd.name as department_name',
        'a.id as application_id',
        'a.application_no',
        'r.score',
        'r.comment',
      ])
      .orderBy(sql`c.sla_deadline ASC NULLS LAST`)
      .orderBy('c.created_at')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst(),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

/** Warning instants (80 % of the SLA) of the given cases' pending timers. */
export async function warnTimes(db: Database, caseIds: string[]): Promise<Map<string, number>> {
  if (!caseIds.length) return new Map();
  const rows = await db
    .selectFrom('workflow_timer')
    .select(['case_id', 'due_at'])
    .where('case_id', 'in', caseIds)
    .where('kind', '=', 'sla.warn')
    .where('fired_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .execute();
  return new Map(rows.map((w) => [w.case_id!, w.due_at.getTime()]));
}

export type StatsGroup = {
  departmentUnitId: string;
  departmentName: string;
  score: number;
  excluded: boolean;
  rectified: boolean;
  n: number;
  indicatorSums: Record<RatingIndicator, number>;
  indicatorCounts: Record<RatingIndicator, number>;
};

/**
 * Ratings of the last `days` days counted by department, score, and whether the rating was
 * excluded (its 差评整改 case ended in 申诉成功) or rectified (the case closed).
 */
export async function ratingStatsGroups(db: Database, days: number): Promise<StatsGroup[]> {
  const { rows } = await sql<{
    department_unit_id: string;
    department_name: string;
    score: number;
    excluded: boolean;
    rectified: boolean;
    n: string;
    s_attitude: string | null;
    s_efficiency: string | null;
    s_standard: string | null;
    s_convenience: string | null;
    s_result: string | null;
    n_attitude: string;
    n_efficiency: string;
    n_standard: string;
    n_convenience: string;
    n_result: string;
  }>`
    SELECT r.department_unit_id, d.name AS department_name, r.score,
           coalesce(c.state = 'upheld', false) AS excluded,
           coalesce(c.state = 'closed', false) AS rectified,
           count(*) AS n,
           sum(r.attitude) AS s_attitude, sum(r.efficiency) AS s_efficiency, sum(r.standard) AS s_standard,
           sum(r.convenience) AS s_convenience, sum(r.result) AS s_result,
           count(r.attitude) AS n_attitude, count(r.efficiency) AS n_efficiency, count(r.standard) AS n_standard,
           count(r.convenience) AS n_convenience, count(r.result) AS n_result
      FROM rating r
      JOIN org_unit d ON d.id = r.department_unit_id
      LEFT JOIN workflow_case c ON c.id = r.rectification_case_id
     WHERE r.created_at >= now() - make_interval(days => ${days})
     GROUP BY 1, 2, 3, 4, 5`.execute(db);
  return rows.map((r) => ({
    departmentUnitId: r.department_unit_id,
    departmentName: r.department_name,
    score: r.score,
    excluded: r.excluded,
    rectified: r.rectified,
    n: Number(r.n),
    indicatorSums: {
      attitude: Number(r.s_attitude ?? 0),
      efficiency: Number(r.s_efficiency ?? 0),
      standard: Number(r.s_standard ?? 0),
      convenience: Number(r.s_convenience ?? 0),
      result: Number(r.s_result ?? 0),
    },
    indicatorCounts: {
      attitude: Number(r.n_attitude),
      efficiency: Number(r.n_efficiency),
      standard: Number(r.n_standard),
      convenience: Number(r.n_convenience),
      result: Number(r.n_result),
    },
  }));
}
