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
  try {
    return parseLang(localStorage.getItem(LANG_STORAGE_KEY));
  } catch {
    return 'zh';
  }
}

const THEME = { token: { colorPrimary: '#c8102e', borderRadius: 6 } };

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(readStoredLang);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(LANG_STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);

  useEffect(() => {
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
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
