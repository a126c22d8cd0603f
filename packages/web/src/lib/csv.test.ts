import { describe, expect, it } from 'vitest';
import { csvCell, csvFileName, toCsv, UTF8_BOM } from './csv';

describe('toCsv', () => {
  it('starts with a BOM and ends lines with CRLF', () => {
    const csv = toCsv(
      [
        { header: '用户名', value: (r: { u: string; n: number }) => r.u },
        { header: '数量', value: (r) => r.n },
      ],
      [{ u: '张三', n: 3 }],
    );
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv).toBe(`${UTF8_BOM}用户名,数量\r\n张三,3\r\n`);
  });

  it('writes only the header for an empty list', () => {
    expect(toCsv([{ header: 'a', value: () => 1 }], [])).toBe(`${UTF8_BOM}a\r\n`);
  });
});

describe('csvCell', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a\nb')).toBe('"a\nb"');
  });

  it('defuses formulas and leaves numbers alone', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(false)).toBe('false');
  });
});

describe('csvFileName', () => {
  it('stamps the local date and time', () => {
    expect(csvFileName('users', new Date(2026, 0, 5, 9, 3))).toBe('users-20260105-0903.csv');
  });
});
