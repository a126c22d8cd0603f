import { TreeSelect } from 'antd';
import { useUnitTreeOptions } from '../admin-units/units-api';

interface Props {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  className?: string;
  'data-testid'?: string;
  'aria-label'?: string;
  id?: string;
}

/** Unit picker over the caller's scope; typing part of a name (北外滩) filters the tree. */
export function UnitTreeSelect({ value, onChange, ...rest }: Props) {
  const { options, loading } = useUnitTreeOptions();
  return (
    <TreeSelect
      {...rest}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v)}
      treeData={options}
      loading={loading}
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandedKeys={options.map((o) => o.key)}
      popupMatchSelectWidth={false}
      listHeight={360}
    />
  );
}
