import type { Transaction } from 'kysely';
import type { Database, DB } from '@yiwang/db';
import {
  planAction,
  availableActions,
  validateDefinition,
  type ActionRecord,
  type WorkflowDefinition,
} from '@yiwang/domain';
import type { AppContext } from '../app-context';
import { scopeCoversUnit, scopeOf, type Actor } from '../auth/actor';
import { recordAudit } from '../audit/audit-log';
import { Problem, fieldProblem, notFound } from '../problem';
import { computeSla, type SlaStatus } from './sla';
import {
  appendAction,
  cancelCaseTimers,
  findCase,
  findDefinition,
  insertCase,
  listActions,
  saveDefinition,
  scheduleTimer,
  setCaseSla,
  setNewCaseSla,
  type CaseRow,
} from './workflow.repository';

const CASE = { zh: '案件', en: 'case' };

/**
 * Workflows whose actions have side effects a feature owns (issuing a licence, checking an
 * appeal's rights) are acted on only through that feature's routes, never the generic one.
 */
const FEATURE_ROUTES = new Map<string, string>();
export const featureRouteOf = (workflowKey: string) => FEATURE_ROUTES.get(workflowKey);

/** Check and store a workflow definition (a business service as data). */
export async function registerWorkflow(
  ctx: AppContext,
  def: WorkflowDefinition,
  options: { actionsVia?: string } = {},
): Promise<void> {
  if (options.actionsVia) FEATURE_ROUTES.set(def.key, options.actionsVia);
  const problems = validateDefinition(def);
  if (problems.length)
    throw new Error(
      `workflow ${def.key} v${def.version} is invalid: ${problems.map((p) => p.message).join('; ')}`,
    );
  await saveDefinition(ctx.db, def);
  definitionCache.get(ctx.db)?.latest.delete(def.key);
}

export type CaseView = CaseRow & {
  actions: ActionRecord[];
  available: string[];
  sla: SlaStatus;
  definition: Pick<WorkflowDefinition, 'key' | 'version' | 'name'>;
};

/** Whether the actor may see a case: the unit's scope, or the citizen/enterprise who owns it. */
export function canSeeCase(
  actor: Actor,
  c: Pick<CaseRow, 'ownerAccountId' | 'unitPath' | 'intakeUnitPath'>,
): boolean {
  if (actor.id && c.ownerAccountId === actor.id) return true;
  const scope = scopeOf(actor);
  return (
    scopeCoversUnit(scope, c.unitPath) || (!!c.intakeUnitPath && scopeCoversUnit(scope, c.intakeUnitPath))
  );
}

/** How long a copy keeps using the latest version of a workflow it looked up before asking again. */
const LATEST_TTL_MS = 5_000;

/**
 * Parsed definitions per database. A stored version never changes (saveDefinition refuses
 * other content under the same key and version), so versions are kept for good; which
 * version is the latest is asked again after LATEST_TTL_MS (another copy may have registered
 * a newer one) and at once after this copy registers one.
 */
const definitionCache = new WeakMap<
  Database,
  {
    versions: Map<string, WorkflowDefinition>;
    latest: Map<string, { def: WorkflowDefinition; until: number }>;
  }
>();

async function loadDefinition(ctx: AppContext, key: string, version?: number) {
  let cache = definitionCache.get(ctx.db);
  if (!cache) definitionCache.set(ctx.db, (cache = { versions: new Map(), latest: new Map() }));
  const now = performance.now();
  const cached =
    version === undefined
      ? (() => {
          const l = cache.latest.get(key);
          return l && l.until > now ? l.def : undefined;
        })()
      : cache.versions.get(`${key}@${version}`);
  if (cached) return cached;
  const def = await findDefinition(ctx.db, key, version);
  if (!def) throw new Error(`workflow ${key}${version ? ` v${version}` : ''} is not registered`);
  cache.versions.set(`${def.key}@${def.version}`, def);
  if (version === undefined) cache.latest.set(key, { def, until: now + LATEST_TTL_MS });
  return def;
}

/** A case with its action log and what this actor may do next; 404 outside the actor's scope. */
export async function getCase(ctx: AppContext, actor: Actor, id: string): Promise<CaseView> {
  const c = await findCase(ctx.db, id);
  if (!c || !canSeeCase(actor, c)) throw notFound(CASE);
  const def = await loadDefinition(ctx, c.definitionKey, c.definitionVersion);
  const actions = await listActions(ctx.db, id);
  const sla = computeSla(await ctx.calendar.get(), def, actions, c.createdAt, c.slaOverrides);
  return {
    ...c,
    actions,
    available: availableActions(def, c.state, actor.roles),
    sla,
    definition: { key: def.key, version: def.version, name: def.name },
  };
}

export type OpenCase = {
  workflow: string;
  title: string;
  unitId: string;
  ownerAccountId?: string | null;
  intakeUnitId?: string | null;
  slaOverrides?: Record<string, number>;
};

/** Open a case of the latest version of a workflow in a unit. */
export async function startCase(ctx: AppContext, actor: Actor, input: OpenCase): Promise<string> {
  return ctx.db.transaction().execute((trx) => openCaseIn(trx, ctx, actor, input));
}

/** Open a case inside the caller's transaction (a feature opening several at once, e.g. a bundle's sub-cases). */
export async function openCaseIn(
  trx: Transaction<DB>,
  ctx: AppContext,
  actor: Actor,
  input: OpenCase,
): Promise<string> {
  const def = await loadDefinition(ctx, input.workflow);
  const calendar = await ctx.calendar.get();
  const created = await insertCase(trx, {
    definition: def,
    title: input.title,
    unitId: input.unitId,
    ownerAccountId: input.ownerAccountId ?? null,
    intakeUnitId: input.intakeUnitId ?? null,
    slaOverrides: input.slaOverrides ?? {},
  });
  const id = created.id;
  const sla = computeSla(calendar, def, [], created.createdAt, created.slaOverrides);
  await setNewCaseSla(
    trx,
    id,
    sla.kind === 'running' ? sla.deadline : null,
    sla.kind === 'unknown' ? sla.unknownYear : null,
    sla.kind === 'running'
      ? [
          { kind: 'sla.warn', dueAt: sla.warnAt },
          { kind: 'sla.due', dueAt: sla.deadline },
        ]
      : [],
  );
  await recordAudit(trx, actor, {
    action: 'case.open',
    entity: 'workflow_case',
    entityId: id,
    summary: { workflow: def.key, version: def.version },
  });
  return id;
}

/** What a feature hook learns after an action landed, inside its transaction. */
export type ActionOutcome = {
  caseRow: CaseRow;
  action: string;
  fromState: string;
  toState: string;
  actions: ActionRecord[];
};
export type AfterAction = (trx: Transaction<DB>, outcome: ActionOutcome) => Promise<void>;

/**
 * Take an action on a case. The actor's roles and the case's state decide whether it is
 * allowed (the definition's table); `expectedVersion` makes two people acting at once safe:
 * the first wins, the second gets 409 and reloads.
 */
export async function actOnCase(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: {
    action: string;
    expectedVersion: number;
    comment?: string | undefined;
    data?: Record<string, unknown> | undefined;
  },
  afterAction?: AfterAction,
): Promise<CaseView> {
  const c = await findCase(ctx.db, id);
  if (!c || !canSeeCase(actor, c)) throw notFound(CASE);
  const def = await loadDefinition(ctx, c.definitionKey, c.definitionVersion);
  if (c.version !== input.expectedVersion) throw staleVersion();
  const plan = planAction(def, c.state, input.action, actor.roles, input.comment);
  if (!plan.ok) {
    if (plan.reason === 'comment-required') {
      throw fieldProblem('validation', 'comment', {
        zh: '此操作须填写理由',
        en: 'this action needs a comment',
      });
    }
    if (plan.reason === 'role-not-allowed') {
      throw new Problem('forbidden', {
        zh: '您的角色不能执行此操作',
        en: 'your role may not take this action',
      });
    }
    throw fieldProblem('conflict', 'action', {
      zh: `案件当前状态（${def.states[c.state]?.name.zh ?? c.state}）下不能执行此操作`,
      en: `this action is not possible in the case's current state (${def.states[c.state]?.name.en ?? c.state})`,
    });
  }
  const calendar = await ctx.calendar.get();
  await ctx.db.transaction().execute(async (trx) => {
    const ok = await appendAction(trx, id, input.expectedVersion, {
      action: input.action,
      fromState: c.state,
      toState: plan.toState,
      actorId: actor.kind === 'anonymous' ? null : actor.id,
      comment: input.comment,
      data: input.data,
      at: new Date(),
    });
    if (!ok) throw staleVersion();
    const actions = await listActions(trx, id);
    await applySla(trx, id, computeSla(calendar, def, actions, c.createdAt, c.slaOverrides));
    await afterAction?.(trx, {
      caseRow: c,
      action: input.action,
      fromState: c.state,
      toState: plan.toState,
      actions,
    });
    await recordAudit(trx, actor, {
      action: 'case.act',
      entity: 'workflow_case',
      entityId: id,
      summary: { action: input.action, from: c.state, to: plan.toState },
    });
  });
  return getCase(ctx, actor, id);
}

/** Store the SLA projection and replace the case's pending timers. */
async function applySla(trx: Database, caseId: string, sla: SlaStatus) {
  await cancelCaseTimers(trx, caseId);
  await setCaseSla(
    trx,
    caseId,
    sla.kind === 'running' ? sla.deadline : null,
    sla.kind === 'unknown' ? sla.unknownYear : null,
  );
  if (sla.kind !== 'running') return;
  await scheduleTimer(trx, { caseId, kind: 'sla.warn', dueAt: sla.warnAt });
  await scheduleTimer(trx, { caseId, kind: 'sla.due', dueAt: sla.deadline });
}

const staleVersion = () =>
  new Problem('stale-version', {
    zh: '案件已被他人处理，请刷新后重试',
    en: 'someone else acted on this case first: reload it and try again',
  });

const SYSTEM_ACTOR: Actor = { kind: 'anonymous', id: null, roles: [], unit: null, label: 'system:scheduler' };

/**
 * The system takes an action (a timer's consequence, e.g. terminating a case whose tolerated
 * material was not supplied in time): the state must allow it, roles are not asked. Returns
 * false when the case has moved to a state where the action does not apply.
 */
export async function actAsSystem(
  trx: Transaction<DB>,
  ctx: AppContext,
  caseId: string,
  action: string,
  comment: string,
): Promise<boolean> {
  const c = await findCase(trx, caseId);
  if (!c) return false;
  const def = await loadDefinition(ctx, c.definitionKey, c.definitionVersion);
  const spec = def.actions[action];
  if (!spec || !spec.from.includes(c.state)) return false;
  const toState = spec.to === '=' ? c.state : spec.to;
  if (
    !(await appendAction(trx, caseId, c.version, {
      action,
      fromState: c.state,
      toState,
      actorId: null,
      comment,
      at: new Date(),
    }))
  )
    return false;
  const actions = await listActions(trx, caseId);
  await applySla(
    trx,
    caseId,
    computeSla(await ctx.calendar.get(), def, actions, c.createdAt, c.slaOverrides),
  );
  await recordAudit(trx, SYSTEM_ACTOR, {
    action: 'case.act',
    entity: 'workflow_case',
    entityId: caseId,
    summary: { action, from: c.state, to: toState, system: true },
  });
  return true;
}
