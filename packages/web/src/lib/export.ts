/**
 * One table, two files: the same columns and rows to CSV (UTF-8 with BOM, lib/csv) and XLSX
 * (the shared writer in @yiwang/domain). Every list a clerk sees exports through these — see ExportButtons.
 */
import { csvFileName, toCsv, type CsvColumn } from './csv';
import { downloadBlob } from './download';
import { toXlsx, XLSX_TYPE, type XlsxColumn } from '@yiwang/domain';

/** A column of an export: its header, its cell for a row, and (XLSX only) its width in characters. */
export type ExportColumn<T> = CsvColumn<T> & XlsxColumn<T>;

/** File name with a local timestamp: `queue-20260105-0930.xlsx`. */
export function xlsxFileName(prefix: string, now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${prefix}-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}.xlsx`;
}

export const CSV_TYPE = 'text/csv;charset=utf-8';

/** Saves the rows as `<prefix>-yyyymmdd-hhmm.csv`. */
export function downloadCsv<T>(
  prefix: string,
  columns: readonly ExportColumn<T>[],
  rows: readonly T[],
): void {
  downloadBlob(csvFileName(prefix), toCsv(columns, rows), CSV_TYPE);
}

/** Saves the rows as `<prefix>-yyyymmdd-hhmm.xlsx`, one sheet named `sheetName` (or the prefix). */
export function downloadXlsx<T>(
  prefix: string,
  columns: readonly ExportColumn<T>[],
  rows: readonly T[],
  sheetName = prefix,
): void {
  downloadBlob(xlsxFileName(prefix), toXlsx(sheetName, columns, rows), XLSX_TYPE);
}
