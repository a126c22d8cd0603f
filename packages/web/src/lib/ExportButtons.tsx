import { useState } from 'react';
import { App, Button, Space } from 'antd';
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { errorText } from '../api/problem';
import { useLocale } from '../i18n/useT';
import { downloadCsv, downloadXlsx, type ExportColumn } from './export';

type Rows<T> = readonly T[] | (() => readonly T[] | Promise<readonly T[]>);

/**
 * 导出 CSV (UTF-8 with BOM) and 导出 Excel (.xlsx) of the same columns and rows — on every list page.
 * `rows` is the list as shown, or a function fetching the whole list (every page) when clicked.
 * @example <ExportButtons filename="users" columns={userColumns(lang)} rows={visible} />
 */
export function ExportButtons<T>({
  filename,
  columns,
  rows,
  sheetName,
  disabled,
  size,
}: {
  /** File name prefix; a timestamp and the extension are added. */
  filename: string;
  columns: readonly ExportColumn<T>[];
  rows: Rows<T>;
  /** The XLSX sheet's name (31 characters at most); the file name prefix if absent. */
  sheetName?: string;
  disabled?: boolean;
  size?: 'small' | 'middle' | 'large';
}) {
  const { t, lang } = useLocale();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'csv' | 'xlsx' | null>(null);

  const save = async (kind: 'csv' | 'xlsx') => {
    setBusy(kind);
    try {
      const list = typeof rows === 'function' ? await rows() : rows;
      if (kind === 'csv') downloadCsv(filename, columns, list);
      else downloadXlsx(filename, columns, list, sheetName);
    } catch (e) {
      void message.error(errorText(e, lang));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space size={8} wrap>
      <Button
        icon={<DownloadOutlined />}
        data-testid="export-csv"
        size={size}
        disabled={disabled}
        loading={busy === 'csv'}
        onClick={() => void save('csv')}
      >
        {t('common.exportCsv')}
      </Button>
      <Button
        icon={<FileExcelOutlined />}
        data-testid="export-xlsx"
        size={size}
        disabled={disabled}
        loading={busy === 'xlsx'}
        onClick={() => void save('xlsx')}
      >
        {t('common.exportXlsx')}
      </Button>
    </Space>
  );
}
