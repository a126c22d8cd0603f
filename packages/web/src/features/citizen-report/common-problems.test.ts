import { describe, expect, it } from 'vitest';
import { COMMON_PROBLEMS, availableProblems, citizenStatus } from './common-problems';

describe('common problems', () => {
  it('keep only active categories, in order', () => {
    const list = availableProblems(COMMON_PROBLEMS, new Set(['C-0118', 'E-0102', 'X-1']));
    expect(list.map((p) => p.code)).toEqual(['E-0102', 'C-0118']);
  });
  it('name each category once', () => {
    expect(new Set(COMMON_PROBLEMS.map((p) => p.code)).size).toBe(COMMON_PROBLEMS.length);
  });
  it('tell a citizen received, handling or done', () => {
    expect(citizenStatus('reported')).toBe('received');
    expect(citizenStatus('filed')).toBe('received');
    expect(citizenStatus('fedBack')).toBe('handling');
    expect(citizenStatus('returnRequested')).toBe('handling');
    expect(citizenStatus('closed')).toBe('done');
    expect(citizenStatus('evaluated')).toBe('done');
  });
});
