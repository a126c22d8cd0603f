import { describe, expect, it } from 'vitest';
import { findUnmaskedPersonalData, redactText, redactingSerializers } from './log-redaction';

describe('redactText', () => {
  it('masks a resident ID number inside a string, keeping the region and the last four', () => {
    expect(redactText('申请人身份证 11010519491231002X 已核验')).toBe(
      '申请人身份证 110105********002X 已核验',
    );
    expect(redactText('id=310109199001011234&x=1')).toBe('id=310109********1234&x=1');
  });

  it('masks a mobile number inside a string, keeping the first three and the last four', () => {
    expect(redactText('联系电话：13812345678。')).toBe('联系电话：138****5678。');
    expect(redactText('/api/search?phone=19912345678')).toBe('/api/search?phone=199****5678');
  });

  it('masks every number when there are several', () => {
    expect(redactText('13812345678 / 13987654321 / 11010519491231002X')).toBe(
      '138****5678 / 139****4321 / 110105********002X',
    );
  });

  it('leaves other numbers alone', () => {
    for (const text of [
      'case 2026021400001',
      'order 12345678901234567890',
      'landline 021-65412345',
      'code 310109018',
      '91310109MA1HKQ3W56',
      '10812345678',
    ]) {
      expect(redactText(text)).toBe(text);
    }
  });

  it('masks numbers in the URL a request log line shows', () => {
    const logged = redactingSerializers.req({
      method: 'GET',
      url: '/api/citizens?idNumber=11010519491231002X',
      ip: '10.0.0.1',
    });
    expect(logged).toEqual({
      method: 'GET',
      url: '/api/citizens?idNumber=110105********002X',
      remoteAddress: '10.0.0.1',
    });
  });
});

describe('findUnmaskedPersonalData', () => {
  it('finds an unmasked ID number with a valid check character and an unmasked mobile number', () => {
    const line = '{"level":30,"msg":"call from 13812345678 about 11010519491231002X","time":1795000000000}';
    expect(findUnmaskedPersonalData(line)).toEqual([
      { kind: 'resident-id', value: '11010519491231002X' },
      { kind: 'mobile', value: '13812345678' },
    ]);
  });

  it('finds nothing in masked numbers, IDs with a wrong check character, timestamps and ids', () => {
    for (const text of [
      redactText('13812345678 11010519491231002X'),
      '110105194912310021',
      '{"time":1795000000000,"reqId":"0f5c2b1e-13812345678a-4c"}',
      '{"responseTime":115.13053699999,"msg":"request completed"}',
      'case 2026021400001 order 12345678901',
      '91310109MA1HKQ3W56',
    ]) {
      expect(findUnmaskedPersonalData(text), text).toEqual([]);
    }
  });
});
