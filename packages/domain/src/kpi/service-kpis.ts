import type { ClockPause, WorkingCalendar } from '../calendar/working-calendar';
import { dayIndexToIsoDate, isoDateToDayIndex, parseClockTime } from '../calendar/shanghai-time';
import type { WorkflowDefinition } from '../workflow/workflow-definition';

/**
 * 一网通办 figures for leaders (DOMAIN.md §1; the 2020 report: 157 items 全程网办, a company set
 * up within 24 hours). Each figure is defined here once, as a pure function over plain records;
 * the server computes the same figures in SQL over millions of cases and its tests check that
 * both agree.
 */

/** Actions that decide a sub-case (决定: 准予/不予, or 即办件 approved at acceptance). */
export const DECISION_ACTIONS = ['approve', 'deny', 'acceptAndApprove'] as const;
/** Actions that approve a sub-case. */
export const APPROVAL_ACTIONS = ['approve', 'acceptAndApprove'] as const;
/** The report's promise: a company is set up within 24 hours. */
export const COMPANY_SETUP_PROMISE_HOURS = 24;
/** 开办企业 “一件事”: applications of this bundle count as setting up a company… */
export const COMPANY_SETUP_BUNDLE_CODES: readonly string[] = ['YJS-001'];
/** …and so do applications for 公司设立登记 alone. */
export const COMPANY_SETUP_ITEM_CODES: readonly string[] = ['SCJG-001'];

const HOUR_MS = 3_600_000;

/** `numerator / denominator`, or `null` when there is nothing to divide by (shown as “—”). */
export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/** The median (the mean of the two middle values for an even count, as SQL percentile_cont(0.5)). */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** 全程网办率: published items whose current version needs no visit (到现场次数 0) / published items. */
export function fullyOnlineRate(items: readonly { visits: number; published: boolean }[]): {
  published: number;
  fullyOnline: number;
  rate: number | null;
} {
  const published = items.filter((i) => i.published);
  const fullyOnline = published.filter((i) => i.visits === 0).length;
  return { published: published.length, fullyOnline, rate: rate(fullyOnline, published.length) };
}

/** One entry of a sub-case's action log, as far as the figures need it. */
export type KpiAction = { action: string; toState: string; at: Date };

/** What stops the clock in a workflow: its paused states (补正) and its pause/resume actions. */
export type ClockRules = {
  pausedStates: readonly string[];
  pauseActions: readonly string[];
  resumeActions: readonly string[];
};

/** The clock rules of a workflow definition. */
export function clockRulesOf(def: WorkflowDefinition): ClockRules {
  const actions = Object.entries(def.actions);
  return {
    pausedStates: Object.entries(def.states)
      .filter(([, s]) => s.clock === 'paused')
      .map(([k]) => k),
    pauseActions: actions.filter(([, a]) => a.effect === 'pause').map(([k]) => k),
    resumeActions: actions.filter(([, a]) => a.effect === 'resume').map(([k]) => k),
  };
}

/** The first decision in a log (approve / deny / acceptAndApprove), if any. */
export function decisionOf(actions: readonly KpiAction[]): KpiAction | undefined {
  return actions.find((a) => (DECISION_ACTIONS as readonly string[]).includes(a.action));
}

/**
 * When the clock stood still before `until`: from each action after which the case sits in a
 * paused state (补正) or under an open pause action (hearing, testing, expert review) until the
 * next action. Consecutive paused spans touch, so they merge.
 */
export function pausesOf(actions: readonly KpiAction[], rules: ClockRules, until: Date): ClockPause[] {
  const pauses: ClockPause[] = [];
  let suspended = false;
  actions.forEach((a, i) => {
    if (a.at.getTime() >= until.getTime()) return;
    if (rules.pauseActions.includes(a.action)) suspended = true;
    else if (rules.resumeActions.includes(a.action)) suspended = false;
    if (!suspended && !rules.pausedStates.includes(a.toState)) return;
    const next = actions[i + 1]?.at ?? until;
    pauses.push({ from: a.at, to: next.getTime() < until.getTime() ? next : until });
  });
  return pauses;
}

/**
 * 办理时长 of a decided sub-case, in working milliseconds: from submission to the decision, on
 * the working-day calendar, minus the time its clock stood still (补正, hearings…). `null` if
 * it is undecided or a year on the way is not loaded in the calendar.
 */
export function caseWorkingMs(
  calendar: WorkingCalendar,
  c: { submittedAt: Date; actions: readonly KpiAction[] },
  rules: ClockRules,
): number | null {
  const decision = decisionOf(c.actions);
  if (!decision) return null;
  const elapsed = calendar.elapsedWorkingTime(
    c.submittedAt,
    decision.at,
    pausesOf(c.actions, rules, decision.at),
  );
  return elapsed.ok ? elapsed.ms : null;
}

/** The length of a working day in milliseconds (08:30–17:30 → 9 hours): 1 working day of 办理时长. */
export function workingDayMs(calendar: WorkingCalendar): number {
  return parseClockTime(calendar.hours.end) - parseClockTime(calendar.hours.start);
}

/** A decided sub-case as the figures see it. */
export type DecidedCase = {
  department: string;
  /** 办理时长 in working ms (`caseWorkingMs`), `null` when unknown. */
  workingMs: number | null;
  decidedAt: Date;
  /** The deadline in force when it was decided; `null` when none was known. */
  deadline: Date | null;
  /** 到现场次数 of the item version it was filed under. */
  visits: number;
};

export type CaseFigures = {
  decided: number;
  /** 平均办理时长 in working days, `null` with nothing decided. */
  averageWorkingDays: number | null;
  /** Decided sub-cases with a known deadline (the denominator of 按期办结率). */
  withDeadline: number;
  onTime: number;
  /** 按期办结率: decided on or before the deadline / decided with a deadline. */
  onTimeRate: number | null;
  zeroVisit: number;
  /** 零跑动办结占比: decided sub-cases whose item needs no visit / decided. */
  zeroVisitRate: number | null;
};

/** Decided on or before the deadline in force (a deadline is the end of its working day). */
export function isOnTime(decidedAt: Date, deadline: Date): boolean {
  return decidedAt.getTime() <= deadline.getTime();
}

/** The figures of a set of decided sub-cases. */
export function caseFigures(cases: readonly DecidedCase[], dayMs: number): CaseFigures {
  const timed = cases.filter((c) => c.workingMs !== null);
  const withDeadline = cases.filter((c) => c.deadline !== null);
  const onTime = withDeadline.filter((c) => isOnTime(c.decidedAt, c.deadline!)).length;
  const zeroVisit = cases.filter((c) => c.visits === 0).length;
  const totalMs = timed.reduce((sum, c) => sum + c.workingMs!, 0);
  return {
    decided: cases.length,
    averageWorkingDays: timed.length ? totalMs / timed.length / dayMs : null,
    withDeadline: withDeadline.length,
    onTime,
    onTimeRate: rate(onTime, withDeadline.length),
    zeroVisit,
    zeroVisitRate: rate(zeroVisit, cases.length),
  };
}

/** 零跑动 at submission: applications filed online (no visit to a window or station) / all. */
export function onlineShare(applications: readonly { channel: string }[]): {
  submitted: number;
  online: number;
  rate: number | null;
} {
  const online = applications.filter((a) => a.channel === 'online').length;
  return { submitted: applications.length, online, rate: rate(online, applications.length) };
}

/**
 * 开办企业用时 of one application: clock hours from submission until its last sub-case was
 * approved; `null` while any sub-case is not approved (pending, denied, refused…).
 */
export function companySetupHours(app: {
  submittedAt: Date;
  subCases: readonly { approvedAt: Date | null }[];
}): number | null {
  if (!app.subCases.length || app.subCases.some((c) => c.approvedAt === null)) return null;
  const last = Math.max(...app.subCases.map((c) => c.approvedAt!.getTime()));
  return (last - app.submittedAt.getTime()) / HOUR_MS;
}

/** Median 开办企业用时 and the share set up within the promise (24 hours). */
export function companySetupFigures(
  hours: readonly number[],
  promiseHours = COMPANY_SETUP_PROMISE_HOURS,
): {
  completed: number;
  medianHours: number | null;
  withinPromise: number;
  withinPromiseRate: number | null;
} {
  const within = hours.filter((h) => h <= promiseHours).length;
  return {
    completed: hours.length,
    medianHours: median(hours),
    withinPromise: within,
    withinPromiseRate: rate(within, hours.length),
  };
}

/**
 * The calendar as a table SQL can join (one row per day of the loaded years): whether the day
 * is a working day, the working days before it since the first loaded day (`before`), and the
 * block of consecutive loaded years it belongs to (a span across an unloaded year is unknown).
 * The working time up to an instant t on day d is `before(d) · dayMs + clamp(t − opening, 0,
 * dayMs)` on a working day — so a span's working time is a difference of two lookups, and sums
 * over millions of spans are one aggregate.
 */
export function workingDayTable(calendar: WorkingCalendar): {
  days: string[];
  working: boolean[];
  before: number[];
  block: number[];
  openingMs: number;
  dayMs: number;
} {
  const days: string[] = [];
  const working: boolean[] = [];
  const before: number[] = [];
  const block: number[] = [];
  let count = 0;
  let blockNo = 0;
  let lastYear: number | undefined;
  for (const year of calendar.loadedYears) {
    if (lastYear !== undefined && year !== lastYear + 1) blockNo++;
    lastYear = year;
    const first = isoDateToDayIndex(`${year}-01-01`)!;
    const last = isoDateToDayIndex(`${year}-12-31`)!;
    for (let d = first; d <= last; d++) {
      const date = dayIndexToIsoDate(d);
      const isWorking = calendar.isWorkingDay(date) === true;
      days.push(date);
      working.push(isWorking);
      before.push(count);
      block.push(blockNo);
      if (isWorking) count++;
    }
  }
  return {
    days,
    working,
    before,
    block,
    openingMs: parseClockTime(calendar.hours.start),
    dayMs: workingDayMs(calendar),
  };
}
