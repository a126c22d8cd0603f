import { Tag } from 'antd';
import { useT } from '../../i18n/useT';
import { STATUS_COLOR, type LicenseStatus } from './license-api';

/** 有效 / 已吊销 / 已过期 / 签名无效 as a coloured tag. */
export function LicenseStatusTag({ status }: { status: LicenseStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="license-status" data-status={status}>
      {t(`license.status.${status}`)}
    </Tag>
  );
}
