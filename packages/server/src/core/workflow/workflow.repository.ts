import { sql } from 'kysely';
import type { Database } from '@yiwang/db';
import { ActionRecord, WorkflowDefinition } from '@yiwang/domain';
import { canonicalJson } from '../audit/audit-log';

export type CaseRow = {
  id: string;
  definitionKey: string;
  definitionVersion: number;
  title: string;
  unitId: string;
  unitPath: string;
  intakeUnitId: string | null;
  intakeUnitPath: string | null;
  ownerAccountId: string | null;
  slaOverrides: Record<string, number>;
  state: string;
  version: number;
  slaDeadline: Date | null;
  slaUnknownYear: number | null;
  createdAt: Date;
};

/** Store a definition version; the same key and version with different content is refused. */
export async function saveDefinition(db: Database, def: WorkflowDefinition): Promise<void> {
  const existing = await db
    .selectFrom('workflow_definition')
    .select('definition')
    .where('key', '=', def.key)
    .where('version', '=', def.version)
    .executeTakeFirst();
  if (existing) {
    if (
      canonicalJson(WorkflowDefinition.parse(existing.definition)) !==
      canonicalJson(WorkflowDefinition.parse(def))
    ) {
      throw new Error(
        `workflow ${def.key} v${def.version} already exists with other content: publish a new version`,
      );
    }
    return;
  }
  await db
    .insertInto('workflow_definition')
    .values({ key: def.key, version: def.version, definition: JSON.stringify(def) })
    .onConflict((oc) => oc.columns(['key', 'version']).doNothing())
    .execute();
}

export async function findDefinition(
  db: Database,
  key: string,
  version?: number,
): Promise<WorkflowDefinition | undefined> {
  let q = db.selectFrom('workflow_definition').select('definition').where('key', '=', key);
  q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
  const row = await q.executeTakeFirst();
  return row && WorkflowDefinition.parse(row.definition);
}

export async function listDefinitions(db: Database): Promise<WorkflowDefinition[]> {
  const rows = await db
    .selectFrom('workflow_definition')
    .select('definition')
    .orderBy('key')
    .orderBy('version')
    .execute();
  return rows.map((r) => WorkflowDefinition.parse(r.definition));
}

export async function insertCase(
  db: Database,
  c: {
    definition: WorkflowDefinition;
    title: string;
    unitId: string;
    ownerAccountId: string | null;
    intakeUnitId?: string | null;
    slaOverrides?: Record<string, number>;
  },
): Promise<{ id: string; createdAt: Date; slaOverrides: Record<string, number> }> {
  const row = await db
    .insertInto('workflow_case')
    .values({
      definition_key: c.definition.key,
      definition_version: c.definition.version,
      title: c.title,
      unit_id: c.unitId,
      owner_account_id: c.ownerAccountId,
      intake_unit_id: c.intakeUnitId ?? null,
      sla_overrides: JSON.stringify(c.slaOverrides ?? {}),
      state: c.definition.initialState,
    })
    .returning(['id', 'created_at', 'sla_overrides'])
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    createdAt: row.created_at,
    slaOverrides: row.sla_overrides as Record<string, number>,
  };
}

export async function findCase(db: Database, id: string): Promise<CaseRow | undefined> {
  const r = await db
    .selectFrom('workflow_case as c')
    .innerJoin('org_unit as u', 'u.id', 'c.unit_id')
    .leftJoin('org_unit as i', 'i.id', 'c.intake_unit_id')
    .selectAll('c')
    .select(['u.path as unit_path', 'i.path as intake_unit_path'])
    .where('c.id', '=', id)
    .executeTakeFirst();
  return (
    r && {
      id: r.id,
      definitionKey: r.definition_key,
      definitionVersion: r.definition_version,
      title: r.title,
      unitId: r.unit_id,
      unitPath: r.unit_path,
      intakeUnitId: r.intake_unit_id,
      intakeUnitPath: r.intake_unit_path,
      ownerAccountId: r.owner_account_id,
      slaOverrides: r.sla_overrides as Record<string, number>,
      state: r.state,
      version: r.version,
      slaDeadline: r.sla_deadline,
      slaUnknownYear: r.sla_unknown_year,
      createdAt: r.created_at,
    }
  );
}

export async function listActions(db: Database, caseId: string): Promise<ActionRecord[]> {
  const rows = await db
    .selectFrom('workflow_action')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
  return rows.map((r) =>
    ActionRecord.parse({
      seq: r.seq,
      action: r.action,
      fromState: r.from_state,
      toState: r.to_state,
      actorId: r.actor_id ?? 'system',
      at: r.at,
      ...(r.comment ? { comment: r.comment } : {}),
      data: r.data as Record<string, unknown>,
    }),
  );
}

/**
 * Append an action if the case is still at `expectedVersion`; returns false when another
 * action got there first (the caller answers 409). The projection (state, version) moves in
 * the same statement pair, inside the caller's transaction.
 */
export async function appendAction(
  db: Database,
  caseId: string,
  expectedVersion: number,
  a: {
    action: string;
    fromState: string;
    toState: string;
    actorId: string | null;
    comment?: string | undefined;
    data?: Record<string, unknown> | undefined;
    at: Date;
  },
): Promise<boolean> {
  const moved = await db
    .updateTable('workflow_case')
    .set({ state: a.toState, version: expectedVersion + 1, updated_at: a.at })
    .where('id', '=', caseId)
    .where('version', '=', expectedVersion)
    .where('state', '=', a.fromState)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) return false;
  await db
    .insertInto('workflow_action')
    .values({
      case_id: caseId,
      seq: expectedVersion + 1,
      action: a.action,
      from_state: a.fromState,
      to_state: a.toState,
      actor_id: a.actorId,
      at: a.at,
      comment: a.comment ?? null,
      data: JSON.stringify(a.data ?? {}),
    })
    .execute();
  return true;
}

export const setCaseSla = (db: Database, caseId: string, deadline: Date | null, unknownYear: number | null) =>
  db
    .updateTable('workflow_case')
    .set({ sla_deadline: deadline, sla_unknown_year: unknownYear })
    .where('id', '=', caseId)
    .execute();

export const cancelCaseTimers = (db: Database, caseId: string) =>
  db
    .updateTable('workflow_timer')
    .set({ cancelled_at: sql`now()` })
    .where('case_id', '=', caseId)
    .where('fired_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .execute();

/**
 * The SLA projection of a case just inserted in this transaction, in one statement: the
 * deadline on the case and, when the clock runs, its warning and due timers (a new case has
 * no timers to cancel).
 */
export async function setNewCaseSla(
  db: Database,
  caseId: string,
  deadline: Date | null,
  unknownYear: number | null,
  timers: { kind: string; dueAt: Date }[],
): Promise<void> {
  const update = db
    .updateTable('workflow_case')
    .set({ sla_deadline: deadline, sla_unknown_year: unknownYear })
    .where('id', '=', caseId);
  if (!timers.length) {
    await update.execute();
    return;
  }
  await db
    .with('sla', () => update)
    .insertInto('workflow_timer')
    .values(timers.map((t) => ({ case_id: caseId, kind: t.kind, due_at: t.dueAt, payload: '{}' })))
    .execute();
}

export const scheduleTimer = (
  db: Database,
  t: { caseId: string | null; kind: string; dueAt: Date; payload?: Record<string, unknown> },
) =>
  db
    .insertInto('workflow_timer')
    .values({ case_id: t.caseId, kind: t.kind, due_at: t.dueAt, payload: JSON.stringify(t.payload ?? {}) })
    .execute();
