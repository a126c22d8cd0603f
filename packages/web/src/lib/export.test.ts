import { describe, expect, it } from 'vitest';
import { toCsv, UTF8_BOM } from './csv';
import type { ExportColumn } from './export';
import { unzip } from './unzip.testing';
import { toXlsx } from '@yiwang/domain';

type Row = { no: string; name: string; note: string; days: number };

/** One set of columns feeds both writers, as every list page's <ExportButtons> does. */
const columns: ExportColumn<Row>[] = [
  { header: '受理编号', value: (r) => r.no, width: 22 },
  { header: '申请人', value: (r) => r.name },
  { header: '说明', value: (r) => r.note, width: 40 },
  { header: '天数', value: (r) => r.days },
];
const rows: Row[] = [
  { no: 'HK20260105-0001', name: '上海虹口北外滩餐饮有限公司', note: '材料齐全, 予以受理', days: 5 },
  { no: 'HK20260105-0002', name: '张三', note: '营业执照"副本"缺失\n请补正', days: 0 },
];

describe('CSV of a list', () => {
  it('has the BOM and CRLF line ends, and quotes commas, quotes and line breaks', () => {
    const csv = toCsv(columns, rows);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv).toBe(
      `${UTF8_BOM}受理编号,申请人,说明,天数\r\n` +
        'HK20260105-0001,上海虹口北外滩餐饮有限公司,"材料齐全, 予以受理",5\r\n' +
        'HK20260105-0002,张三,"营业执照""副本""缺失\n请补正",0\r\n',
    );
  });
});

describe('XLSX of a list', () => {
  it('is a valid ZIP whose sheet holds the Chinese cell text', () => {
    const bytes = toXlsx('办件队列', columns, rows);
    // A ZIP starts with a local file header and ends with the end-of-central-directory record.
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    const files = unzip(bytes);
    expect(files.get('[Content_Types].xml')).toContain('/xl/worksheets/sheet1.xml');
    expect(files.get('xl/workbook.xml')).toContain('<sheet name="办件队列"');
    const sheet = files.get('xl/worksheets/sheet1.xml')!;
    expect(sheet).toContain('<t xml:space="preserve">受理编号</t>');
    expect(sheet).toContain(
      '<c r="B2" t="inlineStr"><is><t xml:space="preserve">上海虹口北外滩餐饮有限公司</t></is></c>',
    );
    expect(sheet).toContain('<t xml:space="preserve">材料齐全, 予以受理</t>');
    expect(sheet).toContain('<t xml:space="preserve">营业执照&quot;副本&quot;缺失\n请补正</t>');
    expect(sheet).toContain('<c r="D2"><v>5</v></c>');
    expect(sheet).toContain('<col min="3" max="3" width="40" customWidth="1"/>');
    expect(sheet.match(/<row /g)).toHaveLength(3);
  });

  it('writes only the header row for an empty list', () => {
    const sheet = unzip(toXlsx('空', columns, [])).get('xl/worksheets/sheet1.xml')!;
    expect(sheet.match(/<row /g)).toHaveLength(1);
  });
});
