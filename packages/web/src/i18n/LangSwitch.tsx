import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useLocale } from './useT';

/** Shows the language you would switch to: "EN" in Chinese mode, "中文" in English mode. */
export function LangSwitch({ dark = false }: { dark?: boolean }) {
  const { lang, setLang, t } = useLocale();
  return (
    <Button
      data-testid="lang-switch"
      type="text"
      size="small"
      className={dark ? 'yw-header-btn' : undefined}
      icon={<GlobalOutlined />}
      title={t('lang.switchLabel')}
      onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
    >
      {t('lang.switch')}
    </Button>
  );
}
