import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CREDIT_CODE_CHARSET,
  checkCreditCode,
  creditCodeCheckChar,
  creditCodeErrorMessages,
} from './credit-code';

const first17 = fc
  .array(fc.constantFrom(...CREDIT_CODE_CHARSET), { minLength: 17, maxLength: 17 })
  .map((chars) => chars.join(''));

describe('checkCreditCode', () => {
  it('accepts the published valid vectors', () => {
    expect(checkCreditCode('91350200776049653A')).toEqual({ ok: true, normalized: '91350200776049653A' });
    expect(checkCreditCode('91440101MA5CJQ4N59')).toEqual({ ok: true, normalized: '91440101MA5CJQ4N59' });
  });

  it('normalises lowercase letters', () => {
    expect(checkCreditCode('91440101ma5cjq4n59')).toEqual({ ok: true, normalized: '91440101MA5CJQ4N59' });
  });

  it('rejects a wrong check character', () => {
    expect(checkCreditCode('91350200776049653B')).toEqual({ ok: false, reason: 'check-digit' });
  });

  it('rejects the wrong length', () => {
    expect(checkCreditCode('91350200776049653')).toEqual({ ok: false, reason: 'length' });
  });

  it('rejects letters outside the GB 32100 set and full-width characters', () => {
    expect(checkCreditCode('91350200776049653I')).toEqual({ ok: false, reason: 'characters' });
    expect(checkCreditCode('91440101MA5CJQ4NO9')).toEqual({ ok: false, reason: 'characters' });
    expect(checkCreditCode('９1350200776049653A')).toEqual({ ok: false, reason: 'characters' });
  });

  it('has a Chinese and English message for every reason', () => {
    for (const text of Object.values(creditCodeErrorMessages)) {
      expect(text.zh).toMatch(/统一社会信用代码/);
      expect(text.en.length).toBeGreaterThan(0);
    }
  });

  it('accepts any 17 characters from the set followed by the computed check character', () => {
    fc.assert(
      fc.property(first17, (code17) => {
        expect(checkCreditCode(code17 + creditCodeCheckChar(code17)).ok).toBe(true);
      }),
    );
  });

  it('rejects a valid code with any one character changed', () => {
    fc.assert(
      fc.property(first17, fc.nat(17), fc.integer({ min: 1, max: 30 }), (code17, position, delta) => {
        const valid = code17 + creditCodeCheckChar(code17);
        const old = CREDIT_CODE_CHARSET.indexOf(valid[position]!);
        const replacement = CREDIT_CODE_CHARSET[(old + delta) % 31]!;
        const changed = valid.slice(0, position) + replacement + valid.slice(position + 1);
        expect(checkCreditCode(changed)).toEqual({ ok: false, reason: 'check-digit' });
      }),
    );
  });
});
