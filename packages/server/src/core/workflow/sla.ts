import type { ActionRecord, WorkflowDefinition, WorkflowSla, WorkingCalendar } from '@yiwang/domain';

type Pause = { from: Date; to?: Date };

export type SlaStatus =
  | { kind: 'none' }
  | { kind: 'paused' }
  | { kind: 'unknown'; unknownYear: number }
  | { kind: 'running'; deadline: Date; warnAt: Date };

const HOUR = 3_600_000;

/**
 * The SLA of a case's current state. The clock runs from the moment the case entered the
 * state — or, for states of one `slaGroup`, the group — and stops while the case sits in a
 * paused state of the group (补正) or between actions with effect pause … resume (hearings,
 * testing, expert review). Approved extensions (effect extend, `data.extendBy` in the SLA's
 * unit) add to it; `overrides` (by group or state name) replace the definition's amount, e.g.
 * with a service item's promised limit. The warning falls at `warnAt` (default 80%).
 */
export function computeSla(
  calendar: WorkingCalendar,
  def: WorkflowDefinition,
  actions: readonly ActionRecord[],
  openedAt: Date,
  overrides: Record<string, number> = {},
): SlaStatus {
  const state = actions.at(-1)?.toState ?? def.initialState;
  const policy = def.states[state];
  if (!policy || policy.terminal) return { kind: 'none' };
  const group = policy.slaGroup;
  const inClock = (s: string) => (group ? def.states[s]?.slaGroup === group : s === state);
  const defined: WorkflowSla | undefined =
    policy.sla ?? Object.values(def.states).find((s) => group && s.slaGroup === group && s.sla)?.sla;
  // An override `<group or state>@<unit>` replaces the amount and the unit (a work order's category limit).
  const unitOverride = (['workingDays', 'workingHours', 'clockHours'] as const).find(
    (u) => overrides[`${group ?? state}@${u}`] !== undefined,
  );
  const sla: WorkflowSla | undefined = unitOverride
    ? { warnAt: defined?.warnAt, amount: overrides[`${group ?? state}@${unitOverride}`]!, unit: unitOverride }
    : defined;
  if (!sla) return { kind: 'none' };

  // Entry: the last action that brought the case into the clock's states (or the opening).
  let k = -1;
  actions.forEach((a, i) => {
    if (!inClock(a.fromState) && inClock(a.toState)) k = i;
  });
  const entry = k >= 0 ? actions[k]!.at : openedAt;
  let previous = k >= 0 ? actions[k]!.toState : def.initialState;
  const pauses: Pause[] = [];
  let extension = 0;
  if (def.states[previous]?.clock === 'paused') pauses.push({ from: entry });
  for (const a of actions.slice(k + 1)) {
    const effect = def.actions[a.action]?.effect;
    const wasPaused = def.states[previous]?.clock === 'paused';
    const nowPaused = def.states[a.toState]?.clock === 'paused';
    const open = pauses.length > 0 && !pauses.at(-1)!.to;
    if (!open && (effect === 'pause' || (!wasPaused && nowPaused))) pauses.push({ from: a.at });
    else if (open && (effect === 'resume' || (wasPaused && !nowPaused))) pauses.at(-1)!.to = a.at;
    if (effect === 'extend') extension += Number(a.data?.extendBy ?? 0) || 0;
    previous = a.toState;
  }
  if (policy.clock === 'paused' || (pauses.length && !pauses.at(-1)!.to)) return { kind: 'paused' };

  const total =
    (unitOverride ? sla.amount : (overrides[group ?? state] ?? overrides[state] ?? sla.amount)) + extension;
  if (total <= 0) return { kind: 'none' };
  const warnAt = sla.warnAt ?? 0.8;
  if (sla.unit === 'clockHours') {
    const pausedMs = pauses.reduce((sum, p) => sum + (p.to!.getTime() - p.from.getTime()), 0);
    return {
      kind: 'running',
      deadline: new Date(entry.getTime() + total * HOUR + pausedMs),
      warnAt: new Date(entry.getTime() + warnAt * total * HOUR + pausedMs),
    };
  }
  let pausedWorkingMs = 0;
  for (const p of pauses) {
    const e = calendar.elapsedWorkingTime(p.from, p.to!);
    if (!e.ok) return { kind: 'unknown', unknownYear: e.unknownYear };
    pausedWorkingMs += e.ms;
  }
  const due =
    sla.unit === 'workingDays'
      ? calendar.addWorkingDaysWithPauses(entry, Math.ceil(total), pauses)
      : calendar.addWorkingHours(entry, total + pausedWorkingMs / HOUR);
  if (!due.ok) return { kind: 'unknown', unknownYear: due.unknownYear };
  if (!due.deadline) return { kind: 'paused' };
  const span = calendar.elapsedWorkingTime(entry, due.deadline, pauses);
  if (!span.ok) return { kind: 'unknown', unknownYear: span.unknownYear };
  const warn = calendar.addWorkingHours(entry, (warnAt * span.ms + pausedWorkingMs) / HOUR);
  return { kind: 'running', deadline: due.deadline, warnAt: warn.ok ? warn.deadline : due.deadline };
}
