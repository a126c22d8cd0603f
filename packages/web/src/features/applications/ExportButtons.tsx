import { Button, Space } from 'antd';
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { csvFileName } from '../../lib/csv';
import { downloadText } from '../../lib/download';
import { useAppT } from './i18n';
import { downloadBytes, xlsxFileName } from './xlsx';

/** 导出 CSV (UTF-8 with BOM) and 导出 Excel (.xlsx) of the same rows. */
export function ExportButtons({
  prefix,
  disabled,
  csv,
  xlsx,
}: {
  prefix: string;
  disabled?: boolean;
  csv: () => string;
  xlsx: () => Uint8Array;
}) {
  const { at } = useAppT();
  return (
    <Space size={8} wrap>
      <Button
        icon={<DownloadOutlined />}
        data-testid="export-csv"
        disabled={disabled}
        onClick={() => downloadText(csvFileName(prefix), csv())}
      >
        {at('queue.exportCsv')}
      </Button>
      <Button
        icon={<FileExcelOutlined />}
        data-testid="export-xlsx"
        disabled={disabled}
        onClick={() => downloadBytes(xlsxFileName(prefix), xlsx())}
      >
        {at('queue.exportXlsx')}
      </Button>
    </Space>
  );
}
