/** Exports of the application lists: the same columns to CSV (with BOM) and XLSX. */
import type { Lang } from '../../i18n/messages';
import { formatShanghai } from '../../lib/calendar';
import { toCsv } from '../../lib/csv';
import type { ExportColumn } from '../../lib/export';
import { appTranslate, type AppMessageKey } from './i18n';
import { caseStateName } from './licence-case';
import type { MyApplication, QueueRow } from './types';

type Column<T> = ExportColumn<T>;

const deadlineText = (lang: Lang, deadline: string | null, unknownYear: number | null): string => {
  if (deadline) return formatShanghai(deadline);
  if (unknownYear) return appTranslate(lang, 'sla.unknown', { year: unknownYear });
  return '';
};

/** One row per sub-case of the applicant's applications. */
export function myApplicationColumns(
  lang: Lang,
): Column<{ a: MyApplication; i: MyApplication['items'][number] }>[] {
  const t = (k: AppMessageKey) => appTranslate(lang, k);
  return [
    { header: t('mine.no'), value: (r) => r.a.applicationNo, width: 22 },
    { header: t('mine.submittedAt'), value: (r) => formatShanghai(r.a.submittedAt), width: 18 },
    { header: t('mine.channel'), value: (r) => t(`channel.${r.a.channel}` as AppMessageKey) },
    { header: t('mine.status'), value: (r) => t(`status.${r.a.status}` as AppMessageKey) },
    { header: t('mine.items'), value: (r) => r.i.itemName, width: 30 },
    { header: t('detail.state'), value: (r) => caseStateName(r.i.state, lang), width: 16 },
    {
      header: t('mine.deadline'),
      value: (r) => deadlineText(lang, r.i.deadline, r.i.unknownYear),
      width: 24,
    },
  ];
}

export const myApplicationRows = (list: readonly MyApplication[]) =>
  list.flatMap((a) => (a.items.length ? a.items.map((i) => ({ a, i })) : []));

export function queueColumns(lang: Lang): Column<QueueRow>[] {
  const t = (k: AppMessageKey) => appTranslate(lang, k);
  const urgency = (u: QueueRow['urgency']) =>
    u === 'overdue' ? t('sla.overdue') : u === 'warning' ? t('sla.warning') : '';
  return [
    { header: t('queue.no'), value: (r) => r.applicationNo, width: 22 },
    { header: t('queue.item'), value: (r) => r.itemName, width: 30 },
    { header: t('queue.applicant'), value: (r) => r.applicantName, width: 24 },
    { header: t('queue.department'), value: (r) => r.departmentName, width: 20 },
    { header: t('queue.state'), value: (r) => caseStateName(r.state, lang), width: 16 },
    { header: t('queue.channel'), value: (r) => t(`channel.${r.channel}` as AppMessageKey) },
    { header: t('queue.submittedAt'), value: (r) => formatShanghai(r.submittedAt), width: 18 },
    { header: t('queue.deadline'), value: (r) => deadlineText(lang, r.deadline, r.unknownYear), width: 24 },
    { header: t('queue.urgency'), value: (r) => urgency(r.urgency) },
  ];
}

export const queueCsv = (rows: readonly QueueRow[], lang: Lang) => toCsv(queueColumns(lang), rows);
export const myApplicationsCsv = (list: readonly MyApplication[], lang: Lang) =>
  toCsv(myApplicationColumns(lang), myApplicationRows(list));
