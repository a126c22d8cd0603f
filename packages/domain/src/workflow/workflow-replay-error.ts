/**
 * An action log that the definition cannot replay: an unknown action, an action not
 * allowed from the state the case was in, or a record whose `fromState`/`toState` disagree
 * with the replay.
 *
 * @example
 * try { deriveState(def, log); } catch (e) { if (e instanceof WorkflowReplayError) e.seq; }
 */
export class WorkflowReplayError extends Error {
  override readonly name = 'WorkflowReplayError';

  constructor(
    readonly reason: 'unknown-action' | 'not-allowed-in-state' | 'state-mismatch',
    readonly seq: number,
    readonly action: string,
    readonly state: string,
  ) {
    super(`action #${seq} "${action}" cannot be replayed from state "${state}": ${reason}`);
  }
}
