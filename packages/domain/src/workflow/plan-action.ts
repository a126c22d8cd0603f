import type { WorkflowDefinition, WorkflowEffect } from './workflow-definition';
import { SAME_STATE } from './workflow-definition';

/** Why {@link planAction} refused. */
export type PlanRefusal = 'not-allowed-in-state' | 'role-not-allowed' | 'comment-required';

/** The outcome of {@link planAction}. */
export type ActionPlan =
  { ok: true; toState: string; effect: WorkflowEffect | undefined } | { ok: false; reason: PlanRefusal };

/**
 * The actions a holder of `roles` may take on a case in `state`, in definition order.
 *
 * @example
 * availableActions(def, 'submitted', ['clerk']); // ['accept', 'reject', 'requestCorrection']
 */
export function availableActions(def: WorkflowDefinition, state: string, roles: readonly string[]): string[] {
  return Object.entries(def.actions)
    .filter(([, action]) => action.from.includes(state) && action.roles.some((role) => roles.includes(role)))
    .map(([key]) => key);
}

/**
 * Decides whether an action may be taken now and where it leads, without doing it. An
 * unknown action is `not-allowed-in-state`. The checks run in the order state, role,
 * comment; a comment of only whitespace counts as missing.
 *
 * @example
 * planAction(def, 'submitted', 'reject', ['clerk']); // { ok: false, reason: 'comment-required' }
 * planAction(def, 'submitted', 'accept', ['clerk']); // { ok: true, toState: 'reviewing', effect: undefined }
 */
export function planAction(
  def: WorkflowDefinition,
  currentState: string,
  actionKey: string,
  roles: readonly string[],
  comment?: string,
): ActionPlan {
  const action = Object.hasOwn(def.actions, actionKey) ? def.actions[actionKey] : undefined;
  if (!action || !action.from.includes(currentState)) return { ok: false, reason: 'not-allowed-in-state' };
  if (!action.roles.some((role) => roles.includes(role))) return { ok: false, reason: 'role-not-allowed' };
  if (action.requiresComment && !comment?.trim()) return { ok: false, reason: 'comment-required' };
  return { ok: true, toState: action.to === SAME_STATE ? currentState : action.to, effect: action.effect };
}
