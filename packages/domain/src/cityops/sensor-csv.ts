/**
 * CSV for the sensor registry's import and its reports. No CSV package is in the lockfile, so
 * this is a small RFC 4180 reader that, unlike the fixtures' `parseCsv`, keeps the line each
 * record starts on: a per-row error report must name the row a spreadsheet shows, also when a
 * quoted address spans two lines.
 */

/** One CSV record and the 1-based line of the file it starts on (the header is line 1). */
export type CsvRecord = { line: number; fields: string[] };

/**
 * Read CSV text: a leading BOM is dropped; fields may be quoted (`"a, b"`, `"say ""hi"""`,
 * line breaks inside quotes); CRLF, LF or CR end a record; blank lines are skipped but counted.
 *
 * @example
 * parseCsvRecords('id,address\r\nS1,"虹口区, 北外滩"\r\n')
 * // [{ line: 1, fields: ['id', 'address'] }, { line: 2, fields: ['S1', '虹口区, 北外滩'] }]
 */
export function parseCsvRecords(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const end = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n' || (c === '\r' && src[i + 1] !== '\n')) line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      end();
      line++;
      start = line;
    } else field += c;
  }
  if (field !== '' || fields.length > 0) end();
  return records;
}

/** Quote a cell when needed and defuse one a spreadsheet would run as a formula (`=`, `+`, `-`, `@`). */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV the way Excel on a Chinese desktop opens it: UTF-8 with a BOM, CRLF line ends. */
export function toCsvText(header: readonly string[], rows: readonly (string | number | null)[][]): string {
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
