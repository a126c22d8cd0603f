import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CreditCode, MobilePhone, ResidentId } from './identity-schemas';

describe('identity schemas', () => {
  it('parses and normalises a resident ID', () => {
    expect(ResidentId.parse('11010519491231002x')).toBe('11010519491231002X');
  });

  it('puts the reason and both languages in the issue, naming the field', () => {
    const Form = z.object({ applicant: z.object({ idNumber: ResidentId }) });
    const result = Form.safeParse({ applicant: { idNumber: '110105194912310021' } });
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path).toEqual(['applicant', 'idNumber']);
    expect(issue?.message).toBe('身份证号码校验位不正确');
    expect(issue).toMatchObject({
      code: 'custom',
      params: {
        reason: 'check-digit',
        zh: '身份证号码校验位不正确',
        en: 'the ID number check digit is wrong',
      },
    });
  });

  it('parses a credit code and reports a bad one', () => {
    expect(CreditCode.parse('91440101ma5cjq4n59')).toBe('91440101MA5CJQ4N59');
    const issue = CreditCode.safeParse('91350200776049653B').error?.issues[0];
    expect(issue).toMatchObject({ params: { reason: 'check-digit' } });
  });

  it('accepts 11-digit mobile numbers starting 13–19 only', () => {
    expect(MobilePhone.parse('13812345678')).toBe('13812345678');
    for (const bad of ['12812345678', '1381234567', '+8613812345678', '138 1234 5678']) {
      expect(MobilePhone.safeParse(bad).error?.issues[0]).toMatchObject({ params: { reason: 'format' } });
    }
  });

  it('rejects non-strings with the usual zod issue', () => {
    expect(ResidentId.safeParse(123).success).toBe(false);
  });
});
