import type { ApiKey } from '../../api/types';
import { toCsv } from '../../lib/csv';
import type { ExportColumn } from '../../lib/export';
import { translate, type Lang, type MessageKey } from '../../i18n/messages';

/** The roles a key may hold (the server's API_KEY_ROLE_KEYS). */
export const API_KEY_ROLES = ['device', 'integration'] as const;

/** 设备网关 / 外部系统; an unknown key stays as it is. */
export function apiKeyRoleLabel(role: string, lang: Lang): string {
  return (API_KEY_ROLES as readonly string[]).includes(role)
    ? translate(lang, `apiKeys.role.${role}` as MessageKey)
    : role;
}

type UnitOf = (unitId: string) => { name: string; code: string } | undefined;

/** The key list's columns as the admin sees them; the unit is named by the caller (it knows the unit list). */
export function apiKeyColumns(unitOf: UnitOf, lang: Lang): ExportColumn<ApiKey>[] {
  const t = (k: MessageKey) => translate(lang, k);
  return [
    { header: t('apiKeys.name'), value: (k) => k.name },
    { header: t('apiKeys.prefix'), value: (k) => k.prefix },
    { header: t('apiKeys.roles'), value: (k) => k.roles.map((r) => apiKeyRoleLabel(r, lang)).join('、') },
    { header: t('apiKeys.unit'), value: (k) => unitOf(k.unitId)?.name ?? k.unitId },
    { header: t('units.code'), value: (k) => unitOf(k.unitId)?.code ?? '' },
    { header: t('apiKeys.createdAt'), value: (k) => k.createdAt },
    { header: t('apiKeys.lastUsedAt'), value: (k) => k.lastUsedAt ?? '' },
    { header: t('apiKeys.status'), value: (k) => (k.revokedAt ? t('apiKeys.revoked') : t('apiKeys.active')) },
    { header: t('apiKeys.revokedAt'), value: (k) => k.revokedAt ?? '' },
  ];
}

export const apiKeysCsv = (keys: readonly ApiKey[], unitOf: UnitOf, lang: Lang): string =>
  toCsv(apiKeyColumns(unitOf, lang), keys);
