import { useCallback } from 'react';
import { useLocale } from '../../i18n/useT';

/**
 * Inline bilingual text for the 一证多址 / 一楼一次办 / 合议核准 pages: `l('门店', 'Outlet')`.
 * Kept beside the features so parallel work on src/i18n/messages.ts does not collide.
 */
export function useL() {
  const { lang } = useLocale();
  const l = useCallback((zh: string, en: string) => (lang === 'en' ? en : zh), [lang]);
  return { l, lang };
}
