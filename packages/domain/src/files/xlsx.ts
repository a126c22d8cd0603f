/**
 * A minimal XLSX writer (Office Open XML spreadsheet in a stored ZIP made by fflate): one sheet of
 * strings and numbers, a bold header row — enough for exporting a table to Excel/WPS. The one
 * writer of the codebase: the server's exports and the web's download buttons both use it. See
 * ADR 010 for why not a spreadsheet library.
 */
import { zipSync } from 'fflate';

const enc = new TextEncoder();

/** A ZIP archive with every entry stored (fflate; XLSX readers do not need compression for a table). */
export function zipStore(files: readonly { name: string; data: Uint8Array }[]): Uint8Array {
  // 1980-01-01 00:00: stable output, and Excel does not care.
  const mtime = new Date(1980, 0, 1);
  return zipSync(Object.fromEntries(files.map((f) => [f.name, [f.data, { level: 0, mtime }]])));
}

const xmlEscape = (s: string): string =>
  // Characters XML 1.0 forbids are dropped; the rest escaped.
  s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A cell's value; `null`, `undefined` and `''` leave the cell empty. */
export type XlsxCell = string | number | boolean | null | undefined;

export interface XlsxColumn<T> {
  header: string;
  value: (row: T) => XlsxCell;
  /** Column width in characters. */
  width?: number;
}

function cell(ref: string, v: XlsxCell, style = 0): string {
  if (v === null || v === undefined || v === '') return '';
  const s = style ? ` s="${style}"` : '';
  if (typeof v === 'number' && Number.isFinite(v)) return `<c r="${ref}"${s}><v>${v}</v></c>`;
  const text = typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v);
  return `<c r="${ref}" t="inlineStr"${s}><is><t xml:space="preserve">${xmlEscape(text)}</t></is></c>`;
}

/**
 * The bytes of an .xlsx file with one sheet.
 * @example toXlsx('办件', [{ header: '编号', value: (r: { no: string }) => r.no }], [{ no: 'A1' }])
 */
export function toXlsx<T>(
  sheetName: string,
  columns: readonly XlsxColumn<T>[],
  rows: readonly T[],
): Uint8Array {
  const lines: string[] = [];
  const header = columns.map((c, i) => cell(`${columnName(i)}1`, c.header, 1)).join('');
  lines.push(`<row r="1">${header}</row>`);
  rows.forEach((row, r) => {
    const cells = columns.map((c, i) => cell(`${columnName(i)}${r + 2}`, c.value(row))).join('');
    lines.push(`<row r="${r + 2}">${cells}</row>`);
  });
  const cols = columns
    .map(
      (c, i) =>
        `<col min="${i + 1}" max="${i + 1}" width="${c.width ?? Math.max(10, c.header.length * 2 + 2)}" customWidth="1"/>`,
    )
    .join('');
  const sheet =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `<cols>${cols}</cols><sheetData>${lines.join('')}</sheetData></worksheet>`;
  const name = xmlEscape(sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet1');
  const files = [
    {
      name: '[Content_Types].xml',
      text:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      text:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '</Relationships>',
    },
    {
      name: 'xl/workbook.xml',
      text:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        `<sheets><sheet name="${name}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      text:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
        '</Relationships>',
    },
    {
      name: 'xl/styles.xml',
      text:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
        '<fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
        '</styleSheet>',
    },
    { name: 'xl/worksheets/sheet1.xml', text: sheet },
  ];
  return zipStore(files.map((f) => ({ name: f.name, data: enc.encode(f.text) })));
}

/**
 * The same for a table given as a header and rows of values.
 * @example tableToXlsx('导入错误', ['行', '字段'], [[2, 'id']])
 */
export function tableToXlsx(
  sheetName: string,
  header: readonly string[],
  rows: readonly (readonly XlsxCell[])[],
): Uint8Array {
  return toXlsx(
    sheetName,
    header.map((h, i) => ({ header: h, value: (row: readonly XlsxCell[]) => row[i] })),
    rows,
  );
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
