import { describe, expect, it } from 'vitest';
import { ApiError, errorText, fieldErrors, parseProblem } from './problem';

describe('parseProblem', () => {
  it('keeps the server messages and field errors of a problem+json body', () => {
    const err = parseProblem(
      400,
      JSON.stringify({
        type: 'https://yiwang.example/problems/validation',
        title: 'Validation failed',
        status: 400,
        detail: 'idNumber is invalid',
        zh: '提交的内容有误',
        en: 'Invalid input',
        errors: [{ field: 'idNumber', zh: '身份证号码校验位不正确', en: 'Wrong check digit' }],
      }),
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.text('zh')).toBe('提交的内容有误');
    expect(err.text('en')).toBe('Invalid input');
    expect(err.errors).toEqual([
      { field: 'idNumber', zh: '身份证号码校验位不正确', en: 'Wrong check digit' },
    ]);
  });

  it('falls back to a message by status when the body is not JSON', () => {
    const err = parseProblem(502, '<html>Bad gateway</html>');
    expect(err.status).toBe(502);
    expect(err.zh).toContain('502');
    expect(err.errors).toEqual([]);
  });

  it('shows the 429 text the server sends', () => {
    const err = parseProblem(
      429,
      JSON.stringify({ status: 429, zh: '登录失败次数过多', en: 'Too many attempts' }),
    );
    expect(errorText(err, 'zh')).toBe('登录失败次数过多');
    expect(errorText(err, 'en')).toBe('Too many attempts');
  });

  it('ignores malformed field errors', () => {
    const err = parseProblem(
      400,
      JSON.stringify({ errors: [null, { zh: 'no field' }, { field: 'phone', zh: '手机号有误' }] }),
    );
    expect(err.errors).toEqual([{ field: 'phone', zh: '手机号有误', en: '手机号有误' }]);
  });
});

describe('fieldErrors', () => {
  it('groups messages by field and splits dotted names into paths', () => {
    const err = parseProblem(
      409,
      JSON.stringify({
        errors: [
          { field: 'username', zh: '用户名已存在', en: 'Username taken' },
          { field: 'legalRep.idNumber', zh: 'A', en: 'B' },
        ],
      }),
    );
    expect(fieldErrors(err, 'en')).toEqual([
      { name: ['username'], errors: ['Username taken'] },
      { name: ['legalRep', 'idNumber'], errors: ['B'] },
    ]);
  });

  it('returns nothing for errors that are not ApiErrors', () => {
    expect(fieldErrors(new Error('x'), 'zh')).toEqual([]);
  });
});
