import type { ReactNode } from 'react';
import { Empty, Spin } from 'antd';

/**
 * A plain list of rows — a title and a description on the left, actions on the right — for the
 * desks' short lists (antd's List is deprecated and warns on the console).
 */
export function SimpleList<T>({
  items,
  rowKey,
  title,
  description,
  actions,
  empty,
  loading,
  testId,
}: {
  items: readonly T[];
  rowKey: (item: T) => string;
  title: (item: T) => ReactNode;
  description?: (item: T) => ReactNode;
  actions?: (item: T) => ReactNode;
  empty: string;
  loading?: boolean;
  testId?: string;
}) {
  if (loading && !items.length) return <Spin size="small" />;
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  return (
    <div data-testid={testId}>
      {items.map((item, i) => (
        <div
          key={rowKey(item)}
          data-testid={testId ? `${testId}-row` : undefined}
          style={{
            display: 'flex',
            gap: 12,
            alignItems: 'flex-start',
            padding: '10px 0',
            borderBottom: i < items.length - 1 ? '1px solid rgba(5, 5, 5, 0.06)' : undefined,
          }}
        >
          <div style={{ flex: 1, minWidth: 0 }}>
            <div>{title(item)}</div>
            {description && <div className="yw-hint">{description(item)}</div>}
          </div>
          {actions && <div style={{ flex: 'none' }}>{actions(item)}</div>}
        </div>
      ))}
    </div>
  );
}
