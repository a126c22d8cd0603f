import { describe, expect, it } from 'vitest';
import { navFor, navKeyFor } from './nav';

describe('navFor', () => {
  it('gives an administrator every admin page', () => {
    expect(navFor(['admin']).map((i) => i.path)).toEqual([
      '/workbench',
      '/admin/users',
      '/admin/units',
      '/admin/calendar',
      '/admin/audit',
    ]);
  });

  it('gives an auditor the audit log only', () => {
    expect(navFor(['auditor']).map((i) => i.path)).toEqual(['/workbench', '/admin/audit']);
  });

  it('gives a clerk the workbench only', () => {
    expect(navFor(['clerk']).map((i) => i.path)).toEqual(['/workbench']);
  });
});

describe('navKeyFor', () => {
  it('finds the entry of a nested path', () => {
    expect(navKeyFor('/admin/users')).toBe('/admin/users');
    expect(navKeyFor('/workbench/anything')).toBe('/workbench');
    expect(navKeyFor('/nowhere')).toBeUndefined();
  });
});
