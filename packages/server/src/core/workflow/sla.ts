import type { ActionRecord, WorkflowDefinition, WorkingCalendar } from '@yiwang/domain';

type Pause = { from: Date; to?: Date };

export type SlaStatus =
  | { kind: 'none' }
  | { kind: 'paused' }
  | { kind: 'unknown'; unknownYear: number }
  | { kind: 'running'; deadline: Date; warnAt: Date };

const HOUR = 3_600_000;

/**
 * The SLA of a case's current state: it runs from the moment the case entered the state,
 * stops while paused (补正, excluded periods: actions with effect pause … resume), grows by
 * approved extensions (effect extend, `data.extendBy` in the SLA's unit) and is computed on
 * the working-day calendar. The warning falls at `warnAt` (default 80%) of the working time.
 */
export function computeSla(
  calendar: WorkingCalendar,
  def: WorkflowDefinition,
  actions: readonly ActionRecord[],
  openedAt: Date,
): SlaStatus {
  const state = actions.at(-1)?.toState ?? def.initialState;
  const policy = def.states[state];
  if (!policy?.sla || policy.terminal) return { kind: 'none' };
  let entry = openedAt;
  for (const a of actions) if (a.toState === state && a.fromState !== state) entry = a.at;
  const pauses: Pause[] = [];
  let extension = 0;
  for (const a of actions) {
    if (a.at < entry) continue;
    const effect = def.actions[a.action]?.effect;
    if (effect === 'pause') pauses.push({ from: a.at });
    if (effect === 'resume' && pauses.at(-1) && !pauses.at(-1)!.to) pauses.at(-1)!.to = a.at;
    if (effect === 'extend') extension += Number(a.data?.extendBy ?? 0) || 0;
  }
  if (policy.clock === 'paused' || (pauses.length && !pauses.at(-1)!.to)) return { kind: 'paused' };

  const { amount, unit, warnAt = 0.8 } = policy.sla;
  const total = amount + extension;
  if (unit === 'clockHours') {
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
    unit === 'workingDays'
      ? calendar.addWorkingDaysWithPauses(entry, Math.ceil(total), pauses)
      : calendar.addWorkingHours(entry, total + pausedWorkingMs / HOUR);
  if (!due.ok) return { kind: 'unknown', unknownYear: due.unknownYear };
  if (!due.deadline) return { kind: 'paused' };
  const span = calendar.elapsedWorkingTime(entry, due.deadline, pauses);
  if (!span.ok) return { kind: 'unknown', unknownYear: span.unknownYear };
  const warn = calendar.addWorkingHours(entry, (warnAt * span.ms + pausedWorkingMs) / HOUR);
  return { kind: 'running', deadline: due.deadline, warnAt: warn.ok ? warn.deadline : due.deadline };
}
