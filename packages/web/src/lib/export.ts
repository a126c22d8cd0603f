/**
 * One table, two files: the same columns and rows to CSV (UTF-8 with BOM, lib/csv) and XLSX
 * (lib/xlsx). Every list a clerk sees exports through these — see ExportButtons.
 */
import { csvFileName, toCsv, type CsvColumn } from './csv';
import { downloadBlob } from './download';
import { toXlsx, XLSX_TYPE, xlsxFileName, type XlsxColumn } from './xlsx';

/** A column of an export: its header, its cell for a row, and (XLSX only) its width in characters. */
export type ExportColumn<T> = CsvColumn<T> & XlsxColumn<T>;

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
