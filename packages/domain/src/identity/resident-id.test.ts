import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkResidentId, residentIdCheckDigit, residentIdErrorMessages } from './resident-id';

const NOW = { now: new Date('2026-11-27T00:00:00Z') };

/** 6 region digits + a real birth date 1900-01-01…2026-11-27 + 3 order digits. */
const first17 = fc
  .record({
    region: fc.stringMatching(/^\d{6}$/),
    birth: fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2026-11-26T00:00:00Z'),
      noInvalidDate: true,
    }),
    order: fc.stringMatching(/^\d{3}$/),
  })
  .map(
    ({ region, birth, order }) => `${region}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${order}`,
  );

describe('checkResidentId', () => {
  it('accepts the published valid vectors', () => {
    expect(checkResidentId('11010519491231002X', NOW)).toEqual({
      ok: true,
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'F',
    });
    expect(checkResidentId('440524188001010014', NOW)).toEqual({
      ok: true,
      normalized: '440524188001010014',
      birthDate: '1880-01-01',
      sex: 'M',
    });
  });

  it('rejects a wrong check digit', () => {
    expect(checkResidentId('110105194912310021', NOW)).toEqual({ ok: false, reason: 'check-digit' });
  });

  it('normalises a lowercase x to X', () => {
    expect(checkResidentId('11010519491231002x', NOW)).toMatchObject({
      ok: true,
      normalized: '11010519491231002X',
    });
  });

  it('reads the sex from the 17th digit', () => {
    const male = `11010519900101001`;
    expect(checkResidentId(male + residentIdCheckDigit(male), NOW)).toMatchObject({ ok: true, sex: 'M' });
  });

  it('rejects the wrong length', () => {
    expect(checkResidentId('11010519491231002', NOW)).toEqual({ ok: false, reason: 'length' });
    expect(checkResidentId('', NOW)).toEqual({ ok: false, reason: 'length' });
  });

  it('rejects full-width digits and letters other than a final X', () => {
    expect(checkResidentId('１１０１０５１９４９１２３１００２Ｘ', NOW)).toEqual({
      ok: false,
      reason: 'characters',
    });
    expect(checkResidentId('1101051949123100X2', NOW)).toEqual({ ok: false, reason: 'characters' });
    expect(checkResidentId('11010519491231002Y', NOW)).toEqual({ ok: false, reason: 'characters' });
  });

  it('rejects impossible, too early and future birth dates', () => {
    for (const date of ['19490230', '17991231', '20261128', '20270101']) {
      const id17 = `110105${date}002`;
      expect(checkResidentId(id17 + residentIdCheckDigit(id17), NOW)).toEqual({
        ok: false,
        reason: 'birth-date',
      });
    }
    const leap = '11010520000229002';
    expect(checkResidentId(leap + residentIdCheckDigit(leap), NOW).ok).toBe(true);
  });

  it('can require a birth date on or after 1900', () => {
    const strict = { ...NOW, earliestBirthDate: '1900-01-01' };
    expect(checkResidentId('440524188001010014', strict)).toEqual({ ok: false, reason: 'birth-date' });
    expect(checkResidentId('11010519491231002X', strict).ok).toBe(true);
  });

  it('has a Chinese and English message for every reason', () => {
    expect(residentIdErrorMessages['check-digit']).toEqual({
      zh: '身份证号码校验位不正确',
      en: 'the ID number check digit is wrong',
    });
    for (const text of Object.values(residentIdErrorMessages)) {
      expect(text.zh).toMatch(/身份证/);
      expect(text.en.length).toBeGreaterThan(0);
    }
  });

  it('accepts any 17 digits with a valid date followed by the computed check digit', () => {
    fc.assert(
      fc.property(first17, (id17) => {
        expect(checkResidentId(id17 + residentIdCheckDigit(id17), NOW).ok).toBe(true);
      }),
    );
  });

  it('rejects a valid number with any one digit changed', () => {
    fc.assert(
      fc.property(first17, fc.nat(17), fc.integer({ min: 1, max: 9 }), (id17, position, delta) => {
        const valid = id17 + residentIdCheckDigit(id17);
        const old = valid[position] === 'X' ? 10 : Number(valid[position]);
        const next = (old + delta) % (position === 17 ? 11 : 10);
        const changed =
          valid.slice(0, position) + (next === 10 ? 'X' : String(next)) + valid.slice(position + 1);
        fc.pre(changed !== valid);
        expect(checkResidentId(changed, NOW).ok).toBe(false);
      }),
    );
  });
});
