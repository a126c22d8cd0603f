import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { columnName, tableToXlsx, toXlsx, zipStore } from './xlsx';

const unzip = (bytes: Uint8Array): Map<string, string> =>
  new Map(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, new TextDecoder().decode(data)]));

describe('xlsx', () => {
  it('names columns like a spreadsheet', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('writes a workbook whose sheet holds the header and the rows, escaped', () => {
    const bytes = toXlsx(
      '办件队列',
      [
        { header: '受理编号', value: (r: { no: string; n: number }) => r.no },
        { header: '天数', value: (r) => r.n },
      ],
      [
        { no: 'HK<1>&"2"', n: 5 },
        { no: '=SUM(A1)', n: 0 },
      ],
    );
    const files = unzip(bytes);
    expect([...files.keys()]).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    expect(files.get('xl/workbook.xml')).toContain('name="办件队列"');
    const sheet = files.get('xl/worksheets/sheet1.xml')!;
    expect(sheet).toContain(
      '<c r="A1" t="inlineStr" s="1"><is><t xml:space="preserve">受理编号</t></is></c>',
    );
    expect(sheet).toContain('HK&lt;1&gt;&amp;&quot;2&quot;');
    expect(sheet).toContain('<c r="B2"><v>5</v></c>');
    // Text stays text: a formula-looking value is an inline string, never a formula.
    expect(sheet).toContain('<t xml:space="preserve">=SUM(A1)</t>');
    expect(sheet).not.toContain('<f>');
  });

  it('writes a table given as a header and rows of values the same way', () => {
    const sheet = unzip(
      tableToXlsx(
        '导入错误',
        ['行', '字段'],
        [
          [2, 'id'],
          [3, null],
        ],
      ),
    ).get('xl/worksheets/sheet1.xml')!;
    expect(sheet).toContain('<c r="A1" t="inlineStr" s="1"><is><t xml:space="preserve">行</t></is></c>');
    expect(sheet).toContain(
      '<c r="A2"><v>2</v></c><c r="B2" t="inlineStr"><is><t xml:space="preserve">id</t></is></c>',
    );
    expect(sheet).toContain('<row r="3"><c r="A3"><v>3</v></c></row>');
  });

  it('stores files a ZIP reader can list', () => {
    const z = zipStore([{ name: 'a.txt', data: new TextEncoder().encode('hello') }]);
    expect(unzip(z).get('a.txt')).toBe('hello');
  });
});
