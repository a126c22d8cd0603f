import { z } from 'zod';
import {
  RATING_INDICATOR_KEYS,
  RATING_RECTIFICATION_WORKFLOW,
  isPoorScore,
  ratio,
  rectificationTierDays,
  type RatingIndicator,
  type RatingInput,
} from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import { scopeOf, type Actor } from '../../core/auth/actor';
import { recordAudit } from '../../core/audit/audit-log';
import { Problem, fieldProblem, notFound } from '../../core/problem';
import { parseOrProblem } from '../../core/validation-messages';
import { actOnCase, canSeeCase, getCase, openCaseIn } from '../../core/workflow/workflow.service';
import { findApplication, listSubCases } from '../applications/application.repository';
import {
  findRatingOfApplication,
  findRatingOfCase,
  insertRating,
  listRectificationRows,
  ratingStatsGroups,
  warnTimes,
  type RatingRow,
  type StatsGroup,
} from './rating.repository';

const APPLICATION = { zh: '办件', en: 'application' };
const RECTIFICATION = { zh: '整改工单', en: 'rectification case' };
/** A sub-case in one of these has been decided: the applicant may rate (一事一评). */
const DECIDED = new Set(['approved', 'denied', 'completed', 'refused', 'terminated']);

/** The application, its sub-cases, and whether the actor is its applicant or may see one of its sub-cases. */
async function loadApplication(ctx: AppContext, actor: Actor, id: string) {
  const app = await findApplication(ctx.db, id);
  const subs = app ? ((await listSubCases(ctx.db, [id])).get(id) ?? []) : [];
  const mine = !!app && actor.id === app.applicantAccountId;
  const visible =
    mine ||
    subs.some((s) =>
      canSeeCase(actor, {
        ownerAccountId: null,
        unitPath: s.departmentPath,
        intakeUnitPath: s.intakeUnitPath,
      }),
    );
  if (!app || !visible) throw notFound(APPLICATION);
  return { app, subs, mine };
}

const publicRating = (r: RatingRow) => ({
  id: r.id,
  score: r.score,
  indicators: r.indicators,
  comment: r.comment,
  via: r.via,
  serviceChannel: r.serviceChannel,
  departmentName: r.departmentName,
  createdAt: r.createdAt,
  rectification: r.rectificationCaseId
    ? {
        caseId: r.rectificationCaseId,
        state: r.rectificationState!,
        stateName: RATING_RECTIFICATION_WORKFLOW.states[r.rectificationState!]?.name ?? null,
      }
    : null,
});

/** The rating of an application (or none), and whether its applicant may rate it now. */
export async function getRating(ctx: AppContext, actor: Actor, applicationId: string) {
  const { subs, mine } = await loadApplication(ctx, actor, applicationId);
  const rating = await findRatingOfApplication(ctx.db, applicationId);
  return {
    rating: rating ? publicRating(rating) : null,
    canRate: mine && !rating && subs.some((s) => DECIDED.has(s.state)),
  };
}

/**
 * 一事一评 / 一次一评: the applicant rates their application once, after a sub-case was
 * decided. A 差评 opens a 差评整改 case for the unit that handled it (and the window that took
 * it in) in the same transaction, with the rectification tier as its SLA.
 */
export async function rateApplication(
  ctx: AppContext,
  actor: Actor,
  applicationId: string,
  input: RatingInput,
) {
  const { app, subs, mine } = await loadApplication(ctx, actor, applicationId);
  if (!mine)
    throw new Problem('forbidden', {
      zh: '只有申请人本人可以评价',
      en: 'only the applicant may rate an application',
    });
  if (!subs.some((s) => DECIDED.has(s.state)))
    throw fieldProblem('conflict', 'application', {
      zh: '办件尚未作出决定，办结后才能评价',
      en: 'the application can be rated once a decision has been made',
    });
  if (await findRatingOfApplication(ctx.db, applicationId)) throw alreadyRated();
  const handling = subs[0]!;
  const comment = input.comment?.trim() || null;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      let caseId: string | null = null;
      if (isPoorScore(input.score)) {
        const tier = rectificationTierDays(input);
        caseId = await openCaseIn(trx, ctx, actor, {
          workflow: RATING_RECTIFICATION_WORKFLOW.key,
          title: `差评整改：${app.applicationNo} ${handling.itemName}`,
          unitId: handling.departmentUnitId,
          intakeUnitId: app.intakeUnitId,
          slaOverrides: { rectifying: tier },
        });
      }
      const id = await insertRating(trx, {
        applicationId,
        raterAccountId: actor.id!,
        serviceChannel: app.channel,
        via: input.via,
        departmentUnitId: handling.departmentUnitId,
        intakeUnitId: app.intakeUnitId,
        score: input.score,
        indicators: input.indicators,
        comment,
        rectificationCaseId: caseId,
      });
      await recordAudit(trx, actor, {
        action: 'rating.create',
        entity: 'rating',
        entityId: id,
        summary: { application: app.applicationNo, score: input.score, rectificationCase: caseId },
      });
    });
  } catch (error) {
    // Two submissions at once: the unique application_id lets one land.
    if ((error as { code?: string }).code === '23505') throw alreadyRated();
    throw error;
  }
  return getRating(ctx, actor, applicationId);
}

const alreadyRated = () =>
  fieldProblem('conflict', 'application', {
    zh: '该办件已评价过（一事一评）',
    en: 'this application has already been rated',
  });

/** 差评整改 cases in the actor's units (handling or intake), nearest deadline first, with urgency. */
export async function listRectifications(
  ctx: AppContext,
  actor: Actor,
  f: { status: 'open' | 'all'; page: number; pageSize: number },
) {
  const { rows, total } = await listRectificationRows(ctx.db, scopeOf(actor), {
    open: f.status === 'open',
    page: f.page,
    pageSize: f.pageSize,
  });
  const warn = await warnTimes(
    ctx.db,
    rows.map((r) => r.case_id),
  );
  const now = Date.now();
  return {
    total,
    items: rows.map((r) => ({
      caseId: r.case_id,
      title: r.title,
      state: r.state,
      stateName: RATING_RECTIFICATION_WORKFLOW.states[r.state]?.name ?? { zh: r.state, en: r.state },
      version: r.version,
      departmentName: r.department_name,
      applicationId: r.application_id,
      applicationNo: r.application_no,
      score: r.score,
      comment: r.comment,
      tierDays: Number((r.sla_overrides as Record<string, number>).rectifying ?? 5),
      openedAt: r.created_at,
      deadline: r.sla_deadline,
      unknownYear: r.sla_unknown_year,
      urgency: !r.sla_deadline
        ? ('none' as const)
        : r.sla_deadline.getTime() < now
          ? ('overdue' as const)
          : (warn.get(r.case_id) ?? Infinity) <= now
            ? ('warning' as const)
            : ('normal' as const),
    })),
  };
}

/**
 * One rectification case: the case (log, deadline, next actions), the rating, the application
 * and the rater's name and phone to contact them — a view of personal data, so it is audited.
 */
export async function getRectification(ctx: AppContext, actor: Actor, caseId: string) {
  const rating = await findRatingOfCase(ctx.db, caseId);
  if (!rating) throw notFound(RECTIFICATION);
  const view = await getCase(ctx, actor, caseId).catch(() => {
    throw notFound(RECTIFICATION);
  });
  const app = (await findApplication(ctx.db, rating.applicationId))!;
  const subs = (await listSubCases(ctx.db, [app.id])).get(app.id) ?? [];
  const rater = await ctx.db
    .selectFrom('account')
    .select(['display_name', 'phone'])
    .where('id', '=', rating.raterAccountId)
    .executeTakeFirstOrThrow();
  await ctx.db.transaction().execute((trx) =>
    recordAudit(trx, actor, {
      action: 'rating.rater-contact.view',
      entity: 'rating',
      entityId: rating.id,
    }),
  );
  return {
    case: {
      id: view.id,
      title: view.title,
      state: view.state,
      version: view.version,
      createdAt: view.createdAt,
      sla: view.sla,
      tierDays: Number(view.slaOverrides.rectifying ?? 5),
      available: view.available,
      actions: view.actions.map((a) => ({
        seq: a.seq,
        action: a.action,
        fromState: a.fromState,
        toState: a.toState,
        at: a.at,
        comment: a.comment ?? null,
        data: a.data ?? {},
      })),
    },
    rating: publicRating(rating),
    rater: { name: rater.display_name, phone: rater.phone },
    application: {
      id: app.id,
      applicationNo: app.applicationNo,
      channel: app.channel,
      submittedAt: app.submittedAt,
      items: subs.map((s) => ({ itemName: s.itemName, departmentName: s.departmentName, state: s.state })),
    },
  };
}

/** How the rater was contacted (记录联系情况): when, through which channel; what was said is the comment. */
export const ContactData = z.object({
  contactedAt: z.coerce.date().refine((d) => d.getTime() <= Date.now() + 60_000, {
    params: { zh: '联系时间不能晚于现在', en: 'the contact time cannot be in the future' },
  }),
  channel: z.enum(['phone', 'sms', 'visit', 'online']),
});

/**
 * An action on a rectification case through the engine. Recording the contact needs when and
 * how; deciding an appeal belongs to the district (政务服务办 or a leader), never to a street
 * or the unit itself.
 */
export async function actOnRectification(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  input: {
    action: string;
    expectedVersion: number;
    comment?: string | undefined;
    data?: Record<string, unknown> | undefined;
  },
) {
  const rating = await findRatingOfCase(ctx.db, caseId);
  if (!rating) throw notFound(RECTIFICATION);
  if (input.action === 'recordContact') {
    const contact = parseOrProblem(ContactData, input.data ?? {}, 'data');
    input = { ...input, data: { ...input.data, contactedAt: contact.contactedAt.toISOString() } };
  }
  if (
    (input.action === 'approveAppeal' || input.action === 'rejectAppeal') &&
    scopeOf(actor).kind !== 'all'
  ) {
    throw new Problem('forbidden', {
      zh: '申诉由区政务服务办审核',
      en: "appeals are decided by the district's government service office",
    });
  }
  await actOnCase(ctx, actor, caseId, input, async (trx, outcome) => {
    if (outcome.toState === 'upheld')
      await recordAudit(trx, actor, {
        action: 'rating.exclude',
        entity: 'rating',
        entityId: rating.id,
        summary: { reason: 'appeal upheld' },
      });
  });
  return getRectification(ctx, actor, caseId);
}

type Tally = {
  total: number;
  good: number;
  poor: number;
  rectified: number;
  scoreSum: number;
};
const emptyTally = (): Tally => ({ total: 0, good: 0, poor: 0, rectified: 0, scoreSum: 0 });

/**
 * The published figures from grouped counts: 好评率 = 4–5 ÷ all counted ratings, 差评率 =
 * 1–2 ÷ all, 差评整改率 = rectified 差评 ÷ all 差评; ratings excluded on appeal count nowhere
 * but in `excluded`. Departments are ranked by 好评率, then count, then average.
 *
 * @example
 * summarizeRatings([{ score: 5, excluded: false, rectified: false, n: 3, … }]).goodRate; // 1
 */
export function summarizeRatings(groups: StatsGroup[]) {
  const all = emptyTally();
  const counts: Record<'1' | '2' | '3' | '4' | '5', number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  const sums = Object.fromEntries(RATING_INDICATOR_KEYS.map((k) => [k, { sum: 0, n: 0 }])) as Record<
    RatingIndicator,
    { sum: number; n: number }
  >;
  const departments = new Map<string, Tally & { name: string }>();
  let excluded = 0;
  for (const g of groups) {
    if (g.excluded) {
      excluded += g.n;
      continue;
    }
    const d = departments.get(g.departmentUnitId) ?? { ...emptyTally(), name: g.departmentName };
    for (const t of [all, d]) {
      t.total += g.n;
      t.scoreSum += g.score * g.n;
      if (g.score >= 4) t.good += g.n;
      if (isPoorScore(g.score)) {
        t.poor += g.n;
        if (g.rectified) t.rectified += g.n;
      }
    }
    departments.set(g.departmentUnitId, d);
    counts[String(g.score) as keyof typeof counts] += g.n;
    for (const k of RATING_INDICATOR_KEYS) {
      sums[k].sum += g.indicatorSums[k];
      sums[k].n += g.indicatorCounts[k];
    }
  }
  const figures = (t: Tally) => ({
    total: t.total,
    good: t.good,
    poor: t.poor,
    rectified: t.rectified,
    goodRate: ratio(t.good, t.total),
    poorRate: ratio(t.poor, t.total),
    rectificationRate: ratio(t.rectified, t.poor),
    average: ratio(t.scoreSum, t.total),
  });
  const ranking = [...departments.entries()]
    .map(([unitId, t]) => ({ unitId, name: t.name, ...figures(t) }))
    .sort(
      (a, b) =>
        (b.goodRate ?? 0) - (a.goodRate ?? 0) ||
        b.total - a.total ||
        (b.average ?? 0) - (a.average ?? 0) ||
        a.name.localeCompare(b.name, 'zh'),
    );
  return {
    ...figures(all),
    excluded,
    counts,
    indicators: Object.fromEntries(
      RATING_INDICATOR_KEYS.map((k) => [k, ratio(sums[k].sum, sums[k].n)]),
    ) as Record<RatingIndicator, number | null>,
    ranking,
  };
}

/** The public figures of the last `days` days. */
export async function ratingStats(ctx: AppContext, days: 30 | 90 | 365) {
  const groups = await ratingStatsGroups(ctx.db, days);
  return { days, ...summarizeRatings(groups) };
}
