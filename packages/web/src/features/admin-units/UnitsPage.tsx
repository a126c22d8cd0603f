import { useMemo, useState, type Key } from 'react';
import { Button, Card, Input, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { UNIT_KINDS, type UnitKind } from '../../api/types';
import { QueryError } from '../../app/components/results';
import { useLocale } from '../../i18n/useT';
import { ExportButtons } from '../../lib/ExportButtons';
import { buildUnitTree, idsAboveDepth, unitName, type UnitNode } from '../../lib/unit-tree';
import { unitsQuery } from './units-api';
import { UnitFormModal, type UnitModalState } from './UnitFormModal';
import { unitColumns, unitRows } from './unit-csv';

const KIND_COLORS: Record<UnitKind, string> = {
  district: 'red',
  street: 'blue',
  committee: 'cyan',
  department: 'purple',
  station: 'gold',
};

/** 组织机构: the units in scope as a tree (district → streets → committees), with codes and demo marks. */
export default function UnitsPage() {
  const { t, lang } = useLocale();
  const [kind, setKind] = useState<UnitKind | undefined>(undefined);
  const [q, setQ] = useState('');
  const [expanded, setExpanded] = useState<readonly Key[] | null>(null);
  const [modal, setModal] = useState<UnitModalState>({ mode: 'closed' });
  const units = useQuery({ ...unitsQuery({ kind, q: q || undefined }), placeholderData: keepPreviousData });
  const items = useMemo(() => units.data?.items ?? [], [units.data]);
  const tree = useMemo(() => buildUnitTree(items), [items]);
  const filtered = Boolean(kind || q);
  const expandedKeys = expanded ?? idsAboveDepth(tree, filtered ? 3 : 1);

  const columns: TableColumnsType<UnitNode> = [
    {
      title: t('units.name'),
      key: 'name',
      render: (_, u) => (
        <span data-testid={`unit-row-${u.code}`}>
          {unitName(u, lang)}{' '}
          {u.demo && (
            <Tag color="orange" data-testid="demo-tag">
              {t('units.demo')}
            </Tag>
          )}
        </span>
      ),
    },
    { title: t('units.code'), dataIndex: 'code', key: 'code' },
    {
      title: t('units.kind'),
      key: 'kind',
      render: (_, u) => <Tag color={KIND_COLORS[u.kind]}>{t(`unitKind.${u.kind}`)}</Tag>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, u) => (
        <span className="yw-row-actions">
          <Typography.Link
            data-testid={`unit-add-child-${u.code}`}
            onClick={() => setModal({ mode: 'create', parentId: u.id })}
          >
            {t('units.addChild')}
          </Typography.Link>{' '}
          <Typography.Link
            data-testid={`unit-edit-${u.code}`}
            onClick={() => setModal({ mode: 'edit', unit: u })}
          >
            {t('common.edit')}
          </Typography.Link>
        </span>
      ),
    },
  ];

  return (
    <Card title={t('units.title')}>
      <div className="yw-toolbar">
        <Input.Search
          className="yw-grow"
          allowClear
          placeholder={t('units.searchPlaceholder')}
          aria-label={t('common.search')}
          data-testid="units-search"
          onSearch={(v) => {
            setQ(v.trim());
            setExpanded(null);
          }}
        />
        <Select<UnitKind>
          className="yw-grow"
          allowClear
          placeholder={t('units.kindFilter')}
          aria-label={t('units.kindFilter')}
          data-testid="units-kind-filter"
          value={kind}
          onChange={(v) => {
            setKind(v);
            setExpanded(null);
          }}
          options={UNIT_KINDS.map((k) => ({ value: k, label: t(`unitKind.${k}`) }))}
        />
        <div className="yw-end">
          <ExportButtons
            filename="units"
            disabled={items.length === 0}
            columns={unitColumns(items, lang)}
            rows={() => unitRows(items)}
          />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="unit-create"
            onClick={() => setModal({ mode: 'create', parentId: undefined })}
          >
            {t('units.create')}
          </Button>
        </div>
      </div>
      {units.isError ? (
        <QueryError error={units.error} onRetry={() => void units.refetch()} />
      ) : (
        <Table<UnitNode>
          data-testid="units-table"
          rowKey="id"
          size="small"
          scroll={{ x: 'max-content' }}
          loading={units.isFetching}
          columns={columns}
          dataSource={tree}
          expandable={{ expandedRowKeys: expandedKeys, onExpandedRowsChange: (keys) => setExpanded(keys) }}
          pagination={{ defaultPageSize: 50, hideOnSinglePage: true }}
        />
      )}
      <UnitFormModal state={modal} units={items} onClose={() => setModal({ mode: 'closed' })} />
    </Card>
  );
}
