import { describe, expect, it } from 'vitest';
import { maskName, maskPhone, maskResidentId } from './mask';

describe('masking for display', () => {
  it('keeps the first 6 and last 4 characters of a resident ID', () => {
    expect(maskResidentId('11010519491231002X')).toBe('110105********002X');
  });

  it('keeps the first 3 and last 4 digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('keeps only the first character of a name', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('𠈌明')).toBe('𠈌*');
    expect(maskName('')).toBe('');
  });

  it('stars a value too short to keep anything', () => {
    expect(maskResidentId('123')).toBe('***');
    expect(maskPhone('1234')).toBe('****');
  });
});
