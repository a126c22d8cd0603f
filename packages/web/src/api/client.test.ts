import { describe, expect, it } from 'vitest';
import { withQuery } from './client';

describe('withQuery', () => {
  it('leaves out empty values and encodes the rest', () => {
    expect(withQuery('/api/users', { q: '张 三', unitId: undefined, page: 2, kind: '' })).toBe(
      '/api/users?q=%E5%BC%A0+%E4%B8%89&page=2',
    );
    expect(withQuery('/api/units')).toBe('/api/units');
    expect(withQuery('/api/units', {})).toBe('/api/units');
  });
});
