import type { ActionRecord } from './action-record';
import { replayActions } from './derive-state';
import type { WorkflowDefinition } from './workflow-definition';

/** An interval during which the SLA clock ran, in `state`; `to` absent = still running. */
export type ClockSegment = { state: string; from: Date; to?: Date };

/**
 * The intervals during which a case's SLA clock ran, one per stay in a state (split where
 * a pause interrupts it). The clock stops while the case is in a `clock: 'paused'` state
 * (补正), between an action with effect `pause` and one with effect `resume` (hearing,
 * testing, expert review), and for good in a terminal state. Empty intervals are left out. The server feeds the segments
 * to `WorkingCalendar.elapsedWorkingTime` to measure a state's or the case's elapsed time.
 *
 * @param openedAt when the case entered the initial state; defaults to the first action's time.
 * @example
 * slaClockSegments(def, log, submittedAt);
 * // [{ state: 'submitted', from: submittedAt, to: correctionRequestedAt }, { state: 'submitted', from: … }]
 */
export function slaClockSegments(
  def: WorkflowDefinition,
  actions: readonly ActionRecord[],
  openedAt?: Date,
): ClockSegment[] {
  const steps = replayActions(def, actions);
  const start = openedAt ?? steps[0]?.record.at;
  if (start === undefined) return [];

  const segments: ClockSegment[] = [];
  const runs = (state: string, paused: boolean) =>
    !paused && def.states[state]?.clock !== 'paused' && !def.states[state]?.terminal;

  let state = def.initialState;
  let paused = false;
  let open: ClockSegment | undefined = runs(state, paused) ? { state, from: start } : undefined;
  for (const { record, action, toState } of steps) {
    const nextPaused: boolean =
      action.effect === 'pause' ? true : action.effect === 'resume' ? false : paused;
    const changed = toState !== state || nextPaused !== paused;
    if (changed) {
      if (open && open.from < record.at) segments.push({ ...open, to: record.at });
      open = runs(toState, nextPaused) ? { state: toState, from: record.at } : undefined;
    }
    state = toState;
    paused = nextPaused;
  }
  if (open) segments.push(open);
  return segments;
}
