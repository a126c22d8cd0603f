import { createContext, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ConfigProvider, App as AntApp } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import {
  LANG_STORAGE_KEY,
  parseLang,
  translate,
  type Lang,
  type MessageKey,
  type MessageVars,
} from './messages';

export interface LocaleContextValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: MessageVars) => string;
}

export const LocaleContext = createContext<LocaleContextValue | null>(null);

function readStoredLang(): Lang {
  let lang: Lang = 'zh';
  try {
    lang = parseLang(localStorage.getItem(LANG_STORAGE_KEY));
  } catch {
    // No storage (private mode, server rendering): Chinese.
  }
  applyDayjsLocale(lang);
  return lang;
}

/** Set before the render that needs it, so a DatePicker never shows the other language for a frame. */
function applyDayjsLocale(lang: Lang): void {
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
}

/**
 * antd's own font stack has no Chinese face, so Chinese text fell back to whatever the system picked (or
 * to tofu); keep this list in step with `body` in app.css.
 */
export const FONT_FAMILY =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'PingFang SC', " +
  "'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', " +
  "'Noto Sans', sans-serif, 'Apple Color Emoji', 'Segoe UI Emoji'";

const THEME = { token: { colorPrimary: '#c8102e', borderRadius: 6, fontFamily: FONT_FAMILY } };

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(readStoredLang);

  const setLang = useCallback((next: Lang) => {
    applyDayjsLocale(next);
    setLangState(next);
    try {
      localStorage.setItem(LANG_STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = `${translate(lang, 'app.name')} · ${translate(lang, 'app.fullName')}`;
  }, [lang]);

  const value = useMemo<LocaleContextValue>(
    () => ({ lang, setLang, t: (key, vars) => translate(lang, key, vars) }),
    [lang, setLang],
  );

  return (
    <LocaleContext.Provider value={value}>
      <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={THEME}>
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </LocaleContext.Provider>
  );
}
