import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useLocale, useT } from '../../i18n/useT';

/** 403 page; `detail` is the server's message when the refusal came from the API. */
export function Forbidden({ detail }: { detail?: string }) {
  const t = useT();
  return (
    <Result
      status="403"
      title="403"
      subTitle={
        <span data-testid="forbidden">
          {t('error.forbiddenTitle')} — {detail ?? t('error.forbidden')}
        </span>
      }
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function NotFound() {
  const t = useT();
  return (
    <Result
      status="404"
      title="404"
      subTitle={<span data-testid="not-found">{t('error.notFound')}</span>}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}

/** A failed query as a Result: the API's 403 problem becomes the 403 page, anything else an error with retry. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { lang, t } = useLocale();
  if (error instanceof ApiError && error.status === 403) return <Forbidden detail={error.text(lang)} />;
  const text = error instanceof ApiError ? error.text(lang) : t('error.generic');
  return (
    <Result
      status={error instanceof ApiError && error.status === 404 ? '404' : 'error'}
      title={t('error.generic')}
      subTitle={<span data-testid="query-error">{text}</span>}
      extra={
        onRetry ? (
          <Button onClick={onRetry} data-testid="retry">
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
