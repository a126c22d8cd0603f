import { toCsv } from '../../lib/csv';
import type { ExportColumn } from '../../lib/export';
import { translate, type Lang, type MessageKey } from '../../i18n/messages';
import { shanghaiDay, type License } from './license-api';

/** The look-up result as the table shows it: holder numbers stay masked in the file too. */
export function licenseColumns(lang: Lang): ExportColumn<License>[] {
  const t = (k: MessageKey) => translate(lang, k);
  return [
    { header: t('license.no'), value: (l) => l.licenseNo },
    { header: t('license.type'), value: (l) => l.typeName[lang] },
    { header: t('license.holder'), value: (l) => l.holderName },
    { header: t('license.holderId'), value: (l) => l.holderId },
    { header: t('license.issuer'), value: (l) => l.issuerName },
    { header: t('license.issuedAt'), value: (l) => shanghaiDay(l.issuedAt) },
    { header: t('license.validUntil'), value: (l) => l.validUntil ?? t('license.longTerm') },
    { header: t('license.status'), value: (l) => t(`license.status.${l.status}`) },
    { header: t('license.revokedReason'), value: (l) => l.revokedReason },
  ];
}

export const licensesCsv = (rows: readonly License[], lang: Lang): string =>
  toCsv(licenseColumns(lang), rows);
