import type { ActionRecord } from './action-record';
import type { WorkflowAction, WorkflowDefinition } from './workflow-definition';
import { SAME_STATE } from './workflow-definition';
import { WorkflowReplayError } from './workflow-replay-error';

/** A replayed step: the action's definition and the state it leads to. */
export type ReplayedStep = { record: ActionRecord; action: WorkflowAction; toState: string };

/**
 * Replays an action log (sorted by `seq`) from the initial state and returns each step.
 * Throws {@link WorkflowReplayError} on the first step the definition does not allow.
 *
 * @example
 * replayActions(def, log).at(-1)?.toState;
 */
export function replayActions(def: WorkflowDefinition, actions: readonly ActionRecord[]): ReplayedStep[] {
  const steps: ReplayedStep[] = [];
  let state = def.initialState;
  for (const record of [...actions].sort((a, b) => a.seq - b.seq)) {
    const action = Object.hasOwn(def.actions, record.action) ? def.actions[record.action] : undefined;
    if (!action) throw new WorkflowReplayError('unknown-action', record.seq, record.action, state);
    if (!action.from.includes(state)) {
      throw new WorkflowReplayError('not-allowed-in-state', record.seq, record.action, state);
    }
    const toState = action.to === SAME_STATE ? state : action.to;
    if (record.fromState !== state || record.toState !== toState) {
      throw new WorkflowReplayError('state-mismatch', record.seq, record.action, state);
    }
    steps.push({ record, action, toState });
    state = toState;
  }
  return steps;
}

/**
 * The current state of a case: its action log replayed from the definition's initial state.
 * Throws {@link WorkflowReplayError} if the log contains a step the definition forbids.
 *
 * @example
 * deriveState(def, []); // def.initialState
 * deriveState(def, [{ seq: 1, action: 'accept', fromState: 'submitted', toState: 'reviewing', … }]);
 * // 'reviewing'
 */
export function deriveState(def: WorkflowDefinition, actions: readonly ActionRecord[]): string {
  return replayActions(def, actions).at(-1)?.toState ?? def.initialState;
}
