import { z } from 'zod';
import { LocalizedText } from '../localized-text';

/** `to` value meaning "stay in the current state" (e.g. 中止, 延期 inside 审查). */
export const SAME_STATE = '=';

/**
 * A time limit on a state. `workingDays` follow the Licensing-Law convention of
 * `WorkingCalendar.addWorkingDays`; `workingHours` count office hours on working days
 * (工作时); `clockHours` are plain hours (emergencies). `warnAt` is the fraction of the limit
 * at which the case turns amber (default 0.8).
 *
 * @example
 * WorkflowSla.parse({ amount: 20, unit: 'workingDays' });
 */
export const WorkflowSla = z.object({
  amount: z.number().positive(),
  unit: z.enum(['workingDays', 'workingHours', 'clockHours']),
  warnAt: z.number().gt(0).lt(1).optional(),
});
export type WorkflowSla = z.infer<typeof WorkflowSla>;

/**
 * A state of a workflow. `clock: 'paused'` stops the SLA clock while the case is in it
 * (补正 — waiting for the applicant's corrected materials); terminal states stop it for good.
 *
 * @example
 * WorkflowState.parse({ name: { zh: '补正中', en: 'Awaiting corrections' }, clock: 'paused' });
 */
export const WorkflowState = z.object({
  name: LocalizedText,
  terminal: z.boolean().optional(),
  sla: WorkflowSla.optional(),
  clock: z.enum(['running', 'paused']).optional(),
  /**
   * States sharing a group share one SLA clock: it starts when the case enters the group,
   * stops in the group's paused states (补正) and resumes when the case moves on within it.
   */
  slaGroup: z.string().min(1).optional(),
});
export type WorkflowState = z.infer<typeof WorkflowState>;

/**
 * What an action does to the SLA clock besides moving the case: `pause` stops it (hearing,
 * testing, expert review — excluded from the legal limit), `resume` restarts it, `extend`
 * asks the server to lengthen the limit (e.g. +10 working days with approval).
 */
export const WorkflowEffect = z.enum(['pause', 'resume', 'extend']);
export type WorkflowEffect = z.infer<typeof WorkflowEffect>;

/**
 * An action: allowed from the `from` states by holders of any of `roles`, moving the case to
 * `to` (or {@link SAME_STATE} `'='` to stay).
 *
 * @example
 * WorkflowAction.parse({
 *   name: { zh: '受理', en: 'Accept' }, from: ['submitted'], to: 'reviewing', roles: ['clerk'],
 * });
 */
export const WorkflowAction = z.object({
  name: LocalizedText,
  from: z.array(z.string().min(1)).min(1),
  to: z.string().min(1),
  roles: z.array(z.string().min(1)),
  requiresComment: z.boolean().optional(),
  effect: WorkflowEffect.optional(),
});
export type WorkflowAction = z.infer<typeof WorkflowAction>;

/**
 * A workflow as data, run by the generic engine: states, the initial state and the actions
 * between them. `key` + `version` identify it; a case keeps the version it started with.
 *
 * @example
 * const def = WorkflowDefinition.parse(jsonFromAdminUi);
 * validateDefinition(def); // [] when consistent
 */
export const WorkflowDefinition = z.object({
  key: z.string().min(1),
  version: z.number().int().positive(),
  name: LocalizedText,
  initialState: z.string().min(1),
  states: z.record(z.string().min(1), WorkflowState),
  actions: z.record(z.string().min(1), WorkflowAction),
});
export type WorkflowDefinition = z.infer<typeof WorkflowDefinition>;

/** One inconsistency found by {@link validateDefinition}. */
export type DefinitionProblem = {
  code:
    | 'unknown-initial-state'
    | 'unknown-from-state'
    | 'unknown-to-state'
    | 'terminal-state-has-actions'
    | 'action-without-roles'
    | 'unreachable-state';
  /** Where, e.g. `['actions', 'accept', 'from', 0]`. */
  path: Array<string | number>;
  message: string;
};

/**
 * Checks that a definition hangs together: the initial state exists, every `from` and `to`
 * names a state (or `'='`), terminal states have no outgoing actions, every action has a
 * role and every state can be reached from the initial state. Returns the problems; empty
 * means valid.
 *
 * @example
 * validateDefinition({ ...def, initialState: 'nope' });
 * // [{ code: 'unknown-initial-state', path: ['initialState'], message: '…' }, …]
 */
export function validateDefinition(def: WorkflowDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const has = (state: string) => Object.hasOwn(def.states, state);
  if (!has(def.initialState)) {
    problems.push({
      code: 'unknown-initial-state',
      path: ['initialState'],
      message: `initial state "${def.initialState}" is not defined`,
    });
  }
  for (const [key, action] of Object.entries(def.actions)) {
    action.from.forEach((state, index) => {
      if (!has(state)) {
        problems.push({
          code: 'unknown-from-state',
          path: ['actions', key, 'from', index],
          message: `action "${key}" starts from undefined state "${state}"`,
        });
      } else if (def.states[state]?.terminal) {
        problems.push({
          code: 'terminal-state-has-actions',
          path: ['actions', key, 'from', index],
          message: `action "${key}" leaves terminal state "${state}"`,
        });
      }
    });
    if (action.to !== SAME_STATE && !has(action.to)) {
      problems.push({
        code: 'unknown-to-state',
        path: ['actions', key, 'to'],
        message: `action "${key}" leads to undefined state "${action.to}"`,
      });
    }
    if (action.roles.length === 0) {
      problems.push({
        code: 'action-without-roles',
        path: ['actions', key, 'roles'],
        message: `nobody may perform action "${key}"`,
      });
    }
  }
  if (has(def.initialState)) {
    const reached = new Set([def.initialState]);
    for (let grew = true; grew;) {
      grew = false;
      for (const action of Object.values(def.actions)) {
        if (action.to === SAME_STATE || reached.has(action.to) || !has(action.to)) continue;
        if (action.from.some((state) => reached.has(state))) {
          reached.add(action.to);
          grew = true;
        }
      }
    }
    for (const state of Object.keys(def.states)) {
      if (!reached.has(state)) {
        problems.push({
          code: 'unreachable-state',
          path: ['states', state],
          message: `state "${state}" cannot be reached from "${def.initialState}"`,
        });
      }
    }
  }
  return problems;
}
