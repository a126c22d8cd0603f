import { useState } from 'react';
import { App, Button } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import { errorText } from '../../api/problem';
import { useSession } from '../../api/session';
import { useHlT } from './i18n';

/**
 * A masked phone with "显示号码" for operators and dispatchers: the full number comes from the
 * server one at a time, and each reveal is written to the audit log.
 */
export function RevealPhone({
  kind,
  id,
  masked,
}: {
  kind: 'call' | 'follower' | 'order';
  id: string;
  masked: string | null;
}) {
  const { ht, lang } = useHlT();
  const { message } = App.useApp();
  const session = useSession();
  const [full, setFull] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!masked) return <span>—</span>;
  const may = session.data?.user?.roles.some((r) => r === 'operator' || r === 'dispatcher');
  const reveal = async () => {
    setBusy(true);
    try {
      const res = await api.get<{ phone: string }>(`/api/hotline/phones/${kind}/${id}`);
      setFull(res.phone);
      message.info(ht('hl.shown'));
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="yw-mono" data-testid={`phone-${kind}-${id}`}>
      {full ?? masked}
      {!full && may && (
        <Button
          type="link"
          size="small"
          icon={<EyeOutlined />}
          loading={busy}
          onClick={(e) => {
            e.stopPropagation();
            void reveal();
          }}
          aria-label={ht('hl.show')}
          title={ht('hl.show')}
        />
      )}
    </span>
  );
}
