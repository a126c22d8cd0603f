import { describe, expect, it } from 'vitest';
import { breakLines } from './line-breaking';

// CJK characters 10 wide, everything else 5
const measure = (s: string) => [...s].reduce((w, c) => w + (c.charCodeAt(0) > 0x2000 ? 10 : 5), 0);
const texts = (text: string, width: number, indent = 0) =>
  breakLines(text, width, measure, indent).map((l) => l.text);

describe('breakLines', () => {
  it('breaks between any two Chinese characters', () => {
    expect(texts('虹口区人民政府', 30)).toEqual(['虹口区', '人民政', '府']);
  });

  it('keeps a number or a Latin word whole', () => {
    expect(texts('编号HK2026号', 40)).toEqual(['编号', 'HK2026号']);
  });

  it('hangs a closing mark rather than start a line with it', () => {
    expect(texts('受理通知。好', 40)).toEqual(['受理通知。', '好']);
  });

  it('carries an opening mark down with what it opens', () => {
    expect(texts('受理通（知）', 40)).toEqual(['受理通', '（知）']);
  });

  it('indents the first line and marks only the last as closing its paragraph', () => {
    const lines = breakLines('一二三四五六', 40, measure, 20);
    expect(lines).toEqual([
      { text: '一二', last: false },
      { text: '三四五六', last: true },
    ]);
  });
});
