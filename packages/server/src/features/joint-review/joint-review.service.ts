import { sql } from 'kysely';
import { JOINT_REVIEW_WORKFLOW, jointReviewStatus } from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import { scopeCoversUnit, scopeOf, type Actor } from '../../core/auth/actor';
import { hasRole } from '../../core/auth/access';
import { recordAudit } from '../../core/audit/audit-log';
import { Problem, fieldProblem, forbidden, notFound } from '../../core/problem';
import { actOnCase, openCaseIn } from '../../core/workflow/workflow.service';

const REVIEW = { zh: '合议', en: 'joint review' };
/** The market regulator convenes joint reviews of business-scope wording. */
export const MARKET_REGULATOR = 'D-SCJGJ';

export type ProposeInput = { wording: string; industry: string; rationale: string; departmentIds: string[] };

type Opinion = {
  caseId: string;
  departmentUnitId: string;
  departmentName: string;
  departmentPath: string;
  state: string;
  version: number;
  deadline: Date | null;
};

async function opinionsOf(ctx: AppContext, reviewIds: string[]): Promise<Map<string, Opinion[]>> {
  const out = new Map<string, Opinion[]>();
  if (!reviewIds.length) return out;
  const rows = await ctx.db
    .selectFrom('joint_review_opinion as o')
    .innerJoin('workflow_case as c', 'c.id', 'o.case_id')
    .innerJoin('org_unit as d', 'd.id', 'o.department_unit_id')
    .select([
      'o.joint_review_id',
      'o.case_id',
      'o.department_unit_id',
      'd.name',
      'd.path',
      'c.state',
      'c.version',
      'c.sla_deadline',
    ])
    .where('o.joint_review_id', 'in', reviewIds)
    .orderBy('d.code')
    .execute();
  for (const r of rows) {
    const list = out.get(r.joint_review_id) ?? [];
    list.push({
      caseId: r.case_id,
      departmentUnitId: r.department_unit_id,
      departmentName: r.name,
      departmentPath: r.path,
      state: r.state,
      version: r.version,
      deadline: r.sla_deadline,
    });
    out.set(r.joint_review_id, list);
  }
  return out;
}

const reviews = (ctx: AppContext) =>
  ctx.db
    .selectFrom('joint_review as j')
    .innerJoin('org_unit as u', 'u.id', 'j.convener_unit_id')
    .innerJoin('account as a', 'a.id', 'j.proposed_by')
    .select([
      'j.id',
      'j.wording',
      'j.industry',
      'j.rationale',
      'j.created_at',
      'u.name as convener_name',
      'u.path as convener_path',
      'a.display_name as proposer_name',
    ]);

const inScope = (actor: Actor, path: string) => scopeCoversUnit(scopeOf(actor), path);
const canSee = (actor: Actor, convenerPath: string, opinions: Opinion[]) =>
  actor.kind === 'staff' &&
  (inScope(actor, convenerPath) || opinions.some((o) => inScope(actor, o.departmentPath)));

/**
 * 合议核准制: a reviewer of the market regulator proposes new business-scope wording for an
 * industry and invites departments; each invited department gets an opinion case. Audited.
 *
 * @example
 * await proposeWording(ctx, scjgReviewer, { wording: '元宇宙场景设计服务', industry: '数字经济', rationale: '…', departmentIds: [a, b] });
 */
export async function proposeWording(ctx: AppContext, actor: Actor, input: ProposeInput) {
  if (
    actor.kind !== 'staff' ||
    !actor.unit ||
    actor.unit.code !== MARKET_REGULATOR ||
    !hasRole(actor, 'reviewer')
  )
    throw new Problem('forbidden', {
      zh: '经营范围表述的合议由区市场监管局审批人员发起',
      en: 'joint reviews of business-scope wording are convened by the market regulator’s reviewers',
    });
  const ids = [...new Set(input.departmentIds)];
  const depts = ids.length
    ? await ctx.db.selectFrom('org_unit').select(['id', 'kind']).where('id', 'in', ids).execute()
    : [];
  if (!ids.length || depts.length !== ids.length || depts.some((d) => d.kind !== 'department'))
    throw fieldProblem('validation', 'departmentIds', {
      zh: '请选择参与合议的部门',
      en: 'choose the departments to invite',
    });
  const convener = actor.unit;
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('joint_review')
      .values({
        wording: input.wording.trim(),
        industry: input.industry.trim(),
        rationale: input.rationale.trim(),
        convener_unit_id: convener.id,
        proposed_by: actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const dept of ids) {
      const caseId = await openCaseIn(trx, ctx, actor, {
        workflow: JOINT_REVIEW_WORKFLOW.key,
        title: `经营范围合议：${input.wording.trim()}`.slice(0, 200),
        unitId: dept,
      });
      await trx
        .insertInto('joint_review_opinion')
        .values({ case_id: caseId, joint_review_id: row.id, department_unit_id: dept })
        .execute();
    }
    await recordAudit(trx, actor, {
      action: 'joint-review.propose',
      entity: 'joint_review',
      entityId: row.id,
      summary: { wording: input.wording.trim(), departments: ids.length },
    });
    return row.id;
  });
  return getJointReview(ctx, actor, id);
}

/** Joint reviews the actor convened or was invited to (all for district-level staff, leaders and auditors), newest first. */
export async function listJointReviews(ctx: AppContext, actor: Actor) {
  const rows = await reviews(ctx).orderBy('j.created_at', 'desc').limit(500).execute();
  const opinions = await opinionsOf(
    ctx,
    rows.map((r) => r.id),
  );
  return rows
    .filter((r) => canSee(actor, r.convener_path, opinions.get(r.id) ?? []))
    .map((r) => {
      const ops = opinions.get(r.id) ?? [];
      return {
        id: r.id,
        wording: r.wording,
        industry: r.industry,
        convenerName: r.convener_name,
        createdAt: r.created_at,
        status: jointReviewStatus(ops.map((o) => o.state)),
        approved: ops.filter((o) => o.state === 'approved').length,
        invited: ops.length,
        awaitingMe: ops.some((o) => o.state === 'pending' && mine(actor, o)),
      };
    });
}

const mine = (actor: Actor, o: Opinion) =>
  !!actor.unit &&
  (actor.unit.path === o.departmentPath || actor.unit.path.startsWith(`${o.departmentPath}/`));

/** One joint review with each invited department's opinion, its reasons and who gave it. */
export async function getJointReview(ctx: AppContext, actor: Actor, id: string) {
  const r = await reviews(ctx).where('j.id', '=', id).executeTakeFirst();
  const ops = r ? ((await opinionsOf(ctx, [id])).get(id) ?? []) : [];
  if (!r || !canSee(actor, r.convener_path, ops)) throw notFound(REVIEW);
  const decisions = ops.length
    ? await ctx.db
        .selectFrom('workflow_action as w')
        .leftJoin('account as a', 'a.id', 'w.actor_id')
        .select(['w.case_id', 'w.action', 'w.comment', 'w.at', 'a.display_name'])
        .where(
          'w.case_id',
          'in',
          ops.map((o) => o.caseId),
        )
        .where('w.action', 'in', ['approve', 'reject'])
        .execute()
    : [];
  const status = jointReviewStatus(ops.map((o) => o.state));
  return {
    id: r.id,
    wording: r.wording,
    industry: r.industry,
    rationale: r.rationale,
    convenerName: r.convener_name,
    proposerName: r.proposer_name,
    createdAt: r.created_at,
    status,
    opinions: ops.map((o) => {
      const d = decisions.find((x) => x.case_id === o.caseId);
      return {
        caseId: o.caseId,
        departmentUnitId: o.departmentUnitId,
        departmentName: o.departmentName,
        state: o.state as 'pending' | 'approved' | 'rejected',
        comment: d?.comment ?? null,
        decidedAt: d?.at ?? null,
        decidedBy: d?.display_name ?? null,
        deadline: o.deadline,
      };
    }),
    mayVote:
      status === 'consulting' &&
      hasRole(actor, 'reviewer') &&
      ops.some((o) => o.state === 'pending' && mine(actor, o)),
  };
}

/**
 * An invited department's reviewer approves, or rejects with reasons. A department that was not
 * invited (or already gave its opinion) is refused with 403; a review already decided by a
 * rejection takes no more opinions (409). Two departments deciding at once do not collide:
 * each acts on its own case.
 */
export async function giveOpinion(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { decision: 'approve' | 'reject'; comment?: string | undefined },
) {
  const ops = (await opinionsOf(ctx, [id])).get(id) ?? [];
  if (!ops.length) throw notFound(REVIEW);
  const own = ops.find((o) => mine(actor, o));
  // Wordings are public once approved: refusing a department that was not invited with 403 reveals nothing.
  if (!own || !hasRole(actor, 'reviewer'))
    throw new Problem('forbidden', {
      zh: '本部门未受邀参与此次合议',
      en: 'your department was not invited to this joint review',
    });
  const review = await getJointReview(ctx, actor, id);
  if (own.state !== 'pending')
    throw new Problem('forbidden', {
      zh: '本部门已出具意见',
      en: 'your department has already given its opinion',
    });
  if (review.status !== 'consulting')
    throw new Problem('conflict', { zh: '此次合议已有结论', en: 'this joint review is already decided' });
  await actOnCase(ctx, actor, own.caseId, {
    action: input.decision,
    expectedVersion: own.version,
    comment: input.comment?.trim() || undefined,
  });
  return getJointReview(ctx, actor, id);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Approved business-scope wordings (every invited department approved), for applicants to choose. */
export async function approvedWordings(ctx: AppContext, q: string) {
  let query = ctx.db
    .selectFrom('joint_review as j')
    .select(['j.wording', 'j.industry'])
    .select((eb) => eb.fn.max('j.created_at').as('latest'))
    .where(({ exists, not, selectFrom }) =>
      not(
        exists(
          selectFrom('joint_review_opinion as o')
            .innerJoin('workflow_case as c', 'c.id', 'o.case_id')
            .select(sql`1`.as('x'))
            .whereRef('o.joint_review_id', '=', 'j.id')
            .where('c.state', '<>', 'approved'),
        ),
      ),
    )
    .groupBy(['j.wording', 'j.industry'])
    .orderBy('latest', 'desc')
    .limit(50);
  const text = q.trim();
  if (text)
    query = query.where((eb) =>
      eb.or([
        eb('j.wording', 'ilike', `%${escapeLike(text)}%`),
        eb('j.industry', 'ilike', `%${escapeLike(text)}%`),
      ]),
    );
  return (await query.execute()).map((r) => ({ wording: r.wording, industry: r.industry }));
}

/** Departments a joint review can invite. */
export async function invitableDepartments(ctx: AppContext, actor: Actor) {
  if (actor.kind !== 'staff') throw forbidden();
  return ctx.db
    .selectFrom('org_unit')
    .select(['id', 'code', 'name'])
    .where('kind', '=', 'department')
    .orderBy('code')
    .execute();
}
