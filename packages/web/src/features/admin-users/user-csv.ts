import type { Role, User } from '../../api/types';
import { toCsv } from '../../lib/csv';
import type { ExportColumn } from '../../lib/export';
import { translate, type Lang } from '../../i18n/messages';
import { roleLabel } from './roles';

/** The users list as the clerk sees it, one row per account. */
export function userColumns(roles: readonly Role[] | undefined, lang: Lang): ExportColumn<User>[] {
  const t = (k: Parameters<typeof translate>[1]) => translate(lang, k);
  return [
    { header: t('users.username'), value: (u) => u.username },
    { header: t('users.displayName'), value: (u) => u.displayName },
    { header: t('users.roles'), value: (u) => u.roles.map((r) => roleLabel(roles, r, lang)).join('、') },
    { header: t('users.unit'), value: (u) => u.unit.name },
    { header: t('units.code'), value: (u) => u.unit.code },
    { header: t('users.status'), value: (u) => (u.disabled ? t('users.disabled') : t('users.enabled')) },
    { header: t('users.createdAt'), value: (u) => u.createdAt },
  ];
}

export const usersCsv = (users: readonly User[], roles: readonly Role[] | undefined, lang: Lang): string =>
  toCsv(userColumns(roles, lang), users);
