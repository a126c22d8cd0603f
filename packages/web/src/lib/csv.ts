/** CSV the way Excel on a Chinese desktop opens it: UTF-8 with a BOM, CRLF line ends. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

export const UTF8_BOM = '\uFEFF';

/** Quotes a cell when needed and defuses cells a spreadsheet would run as a formula. */
export function csvCell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * @example toCsv([{ header: '名称', value: (u: { name: string }) => u.name }], [{ name: '北外滩街道' }])
 * // '\uFEFF名称\r\n北外滩街道\r\n'
 */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','));
  return UTF8_BOM + lines.join('\r\n') + '\r\n';
}

/** File name with a local timestamp: `users-20260105-0930.csv`. */
export function csvFileName(prefix: string, now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${prefix}-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}.csv`;
}
