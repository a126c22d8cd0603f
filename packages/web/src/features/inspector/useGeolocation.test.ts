import { describe, expect, it } from 'vitest';
import { locateFailure, round6 } from './useGeolocation';

describe('geolocation helpers', () => {
  it('say why there is no position, in either language', () => {
    expect(locateFailure(1, 'zh')).toBe('未允许定位');
    expect(locateFailure(3, 'en')).toBe('timed out');
    expect(locateFailure(99, 'zh')).toBe('未知原因');
  });
  it('round a coordinate to six decimals', () => {
    expect(round6(31.250523456)).toBe(31.250523);
    expect(round6(-121.4953129)).toBe(-121.495313);
  });
});
