import { describe, expect, it } from 'vitest';
import { messages, parseLang, translate } from './messages';

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('zh', 'deadline.unknown', { year: 2027 })).toBe('未知（2027 年作息未载入）');
    expect(translate('en', 'deadline.unknown', { year: 2027 })).toBe('unknown (2027 schedule not loaded)');
  });

  it('leaves unknown placeholders visible', () => {
    expect(translate('en', 'workbench.welcome')).toBe('Welcome, {name}');
  });

  it('shows the other language on the switch', () => {
    expect(messages.zh['lang.switch']).toBe('EN');
    expect(messages.en['lang.switch']).toBe('中文');
  });

  it('has no empty English string', () => {
    expect(Object.values(messages.en).filter((s) => s.trim() === '')).toEqual([]);
  });
});

describe('parseLang', () => {
  it('defaults to Chinese', () => {
    expect(parseLang(null)).toBe('zh');
    expect(parseLang('fr')).toBe('zh');
    expect(parseLang('en')).toBe('en');
  });
});
