import { useState } from 'react';
import { Alert, Card, Descriptions, Empty, Input, Space, Spin, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { QueryError } from '../../app/components/results';
import { OUTLET_STATUS, type OutletHit } from './outlet-api';
import { useL } from './useL';

/** 一证多址 public look-up: which licence covers an outlet, with the licence's verification link. */
export default function OutletLookupPage() {
  const { l, lang } = useL();
  const [q, setQ] = useState('');
  const hits = useQuery({
    queryKey: ['outlet-lookup', q],
    queryFn: () => api.get<{ items: OutletHit[] }>('/api/outlets/lookup', { q }),
    enabled: q.trim().length >= 2,
  });
  return (
    <div style={{ maxWidth: 640, margin: '8px auto 24px' }} data-testid="outlet-lookup">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {l('门店证照查询（一证多址）', 'Which licence covers an outlet')}
      </Typography.Title>
      <Input.Search
        allowClear
        enterButton={l('查询', 'Search')}
        placeholder={l('输入门店名称或地址', 'Outlet name or address')}
        onSearch={(v) => setQ(v)}
        data-testid="outlet-lookup-search"
      />
      <div style={{ marginTop: 16 }}>
        {q.trim().length < 2 ? (
          <Alert
            type="info"
            showIcon
            title={l(
              '连锁企业的门店登记在总部证照之下，无需另办新证。输入至少 2 个字查询。',
              'Chain outlets are registered under their HQ’s licence. Type at least 2 characters.',
            )}
          />
        ) : hits.isPending ? (
          <Spin className="yw-page-spin" />
        ) : hits.isError ? (
          <QueryError error={hits.error} onRetry={() => void hits.refetch()} />
        ) : hits.data.items.length === 0 ? (
          <Empty description={l('没有找到登记的门店', 'No registered outlet found')} />
        ) : (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {hits.data.items.map((h) => (
              <Card
                key={h.id}
                size="small"
                title={h.name}
                extra={<Tag color={OUTLET_STATUS[h.status].color}>{OUTLET_STATUS[h.status][lang]}</Tag>}
                data-testid="outlet-hit"
              >
                <Descriptions column={1} size="small">
                  <Descriptions.Item label={l('地址', 'Address')}>{h.address}</Descriptions.Item>
                  <Descriptions.Item label={l('所在地', 'Area')}>{h.place}</Descriptions.Item>
                  <Descriptions.Item label={l('覆盖证照', 'Covered by')}>
                    <span data-testid="outlet-hit-license">
                      {h.license.typeName[lang]} · <span className="yw-mono">{h.license.licenseNo}</span>
                    </span>
                  </Descriptions.Item>
                  <Descriptions.Item label={l('持证企业', 'Holder')}>
                    {h.license.holderName}
                  </Descriptions.Item>
                </Descriptions>
                <Link to={h.license.verifyUrl} data-testid="outlet-hit-verify">
                  {l('核验证照', 'Verify the licence')}
                </Link>
              </Card>
            ))}
          </Space>
        )}
      </div>
    </div>
  );
}
