import { describe, expect, it } from 'vitest';
import { creditCodeProblem, idNumberProblem, isMobilePhone } from './id-number';

describe('idNumberProblem', () => {
  it('accepts valid numbers, including a lowercase x', () => {
    expect(idNumberProblem('11010519491231002X')).toBeUndefined();
    expect(idNumberProblem('11010519491231002x')).toBeUndefined();
    expect(idNumberProblem('440524188001010014')).toBeUndefined();
  });

  it('names what is wrong', () => {
    expect(idNumberProblem('110105194912310021')).toBe('checkDigit');
    expect(idNumberProblem('1101051949123100')).toBe('length');
    expect(idNumberProblem('11010519491231A02X')).toBe('format');
    expect(idNumberProblem('110105194902300028')).toBe('birthdate');
    expect(idNumberProblem('110105209901010011', new Date('2026-01-01T00:00:00Z'))).toBe('birthdate');
  });
});

describe('creditCodeProblem', () => {
  it('accepts valid codes', () => {
    expect(creditCodeProblem('91350200776049653A')).toBeUndefined();
    expect(creditCodeProblem('91440101MA5CJQ4N59')).toBeUndefined();
  });

  it('rejects a wrong check character, letters outside the set, and wrong lengths', () => {
    expect(creditCodeProblem('91350200776049653B')).toBe('checkDigit');
    expect(creditCodeProblem('9135020077604965IA')).toBe('format');
    expect(creditCodeProblem('9135')).toBe('length');
  });
});

describe('isMobilePhone', () => {
  it('accepts 11-digit mainland numbers only', () => {
    expect(isMobilePhone('13800138000')).toBe(true);
    expect(isMobilePhone('12800138000')).toBe(false);
    expect(isMobilePhone('1380013800')).toBe(false);
  });
});
