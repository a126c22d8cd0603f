/** Pure helpers of the case page: names from the workflow definition, the SLA's urgency, the 409 check. */
import { ApiError } from '../../api/problem';
import type { CaseAction, CaseSla, CaseView, WorkflowDefinition } from '../../api/types';
import type { Lang } from '../../i18n/messages';
import { toCsv } from '../../lib/csv';
import type { ExportColumn } from '../../lib/export';
import { translate, type MessageKey } from '../../i18n/messages';

/** The definition a case runs on: its own key and version (a case keeps the version it started with). */
export function definitionOf(
  defs: readonly WorkflowDefinition[] | undefined,
  c: Pick<CaseView, 'definition'>,
): WorkflowDefinition | undefined {
  return defs?.find((d) => d.key === c.definition.key && d.version === c.definition.version);
}

/** A state's name in the user's language; the key itself while the definition is not known. */
export function stateName(def: WorkflowDefinition | undefined, state: string, lang: Lang): string {
  return def?.states[state]?.name[lang] ?? state;
}

export function actionName(def: WorkflowDefinition | undefined, action: string, lang: Lang): string {
  return def?.actions[action]?.name[lang] ?? action;
}

export const requiresComment = (def: WorkflowDefinition | undefined, action: string): boolean =>
  def?.actions[action]?.requiresComment === true;

export type SlaUrgency = 'ok' | 'warning' | 'overdue';

/** How urgent a running SLA is at `now`: amber from `warnAt`, red from the deadline. */
export function slaUrgency(sla: CaseSla, now: Date): SlaUrgency | undefined {
  if (sla.kind !== 'running') return undefined;
  const t = now.getTime();
  if (t >= new Date(sla.deadline).getTime()) return 'overdue';
  if (t >= new Date(sla.warnAt).getTime()) return 'warning';
  return 'ok';
}

/** The server's 409 when someone else acted on the case since it was loaded. */
export function isStaleVersion(e: unknown): boolean {
  return (
    e instanceof ApiError &&
    e.status === 409 &&
    (e.type === 'stale-version' || e.type.endsWith('/stale-version') || e.title === 'stale-version')
  );
}

/** The action log's columns: names from the definition, times as the server sent them. */
export function caseLogColumns(def: WorkflowDefinition | undefined, lang: Lang): ExportColumn<CaseAction>[] {
  const t = (k: MessageKey) => translate(lang, k);
  return [
    { header: '#', value: (a) => a.seq },
    { header: t('case.at'), value: (a) => a.at },
    { header: t('case.action'), value: (a) => actionName(def, a.action, lang) },
    { header: t('case.fromState'), value: (a) => stateName(def, a.fromState, lang) },
    { header: t('case.toState'), value: (a) => stateName(def, a.toState, lang) },
    { header: t('case.actor'), value: (a) => a.actorId },
    { header: t('case.comment'), value: (a) => a.comment ?? '' },
  ];
}

export const caseLogCsv = (
  actions: readonly CaseAction[],
  def: WorkflowDefinition | undefined,
  lang: Lang,
): string => toCsv(caseLogColumns(def, lang), actions);
