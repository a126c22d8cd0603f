import { describe, expect, it } from 'vitest';
import { navFor, navKeyFor } from './nav';

describe('navFor', () => {
  it('gives an administrator every admin page', () => {
    expect(navFor(['admin']).map((i) => i.path)).toEqual([
      '/workbench',
      '/workbench/batches',
      '/workbench/joint-review',
      '/workbench/rectifications',
      '/workbench/sensors',
      '/workbench/alarms',
      '/workbench/citizens',
      '/workbench/licenses',
      '/workbench/service-dashboard',
      '/ops-screen',
      '/workbench/daily-report',
      '/workbench/hotspots',
      '/admin/users',
      '/admin/units',
      '/admin/calendar',
      '/admin/catalogue',
      '/admin/cityops',
      '/admin/api-keys',
      '/admin/audit',
    ]);
  });

  it('gives an auditor the citizens search and the audit log', () => {
    expect(navFor(['auditor']).map((i) => i.path)).toEqual([
      '/workbench',
      '/workbench/batches',
      '/workbench/joint-review',
      '/workbench/citizens',
      '/workbench/licenses',
      '/workbench/service-dashboard',
      '/ops-screen',
      '/workbench/daily-report',
      '/workbench/hotspots',
      '/admin/audit',
    ]);
  });

  it('gives a clerk the workbench, the case queue, window intake and the citizens search', () => {
    expect(navFor(['clerk']).map((i) => i.path)).toEqual([
      '/workbench',
      '/workbench/queue',
      '/workbench/window',
      '/workbench/batches',
      '/workbench/rectifications',
      '/workbench/citizens',
      '/workbench/licenses',
    ]);
  });

  it('gives a reviewer and a leader the case queue but not window intake', () => {
    expect(navFor(['reviewer']).map((i) => i.path)).toContain('/workbench/queue');
    expect(navFor(['reviewer']).map((i) => i.path)).not.toContain('/workbench/window');
    expect(navFor(['leader']).map((i) => i.path)).toContain('/workbench/queue');
    expect(navFor(['leader']).map((i) => i.path)).toContain('/workbench/service-dashboard');
    expect(navFor(['clerk', 'reviewer']).map((i) => i.path)).not.toContain('/workbench/service-dashboard');
  });

  it('keeps the citizens search from staff who do not serve citizens', () => {
    expect(navFor(['handler']).map((i) => i.path)).toEqual(['/workbench', '/workbench/my-orders']);
  });
});

describe('navKeyFor', () => {
  it('finds the entry of a nested path', () => {
    expect(navKeyFor('/admin/users')).toBe('/admin/users');
    expect(navKeyFor('/workbench/anything')).toBe('/workbench');
    expect(navKeyFor('/workbench/cases/abc')).toBe('/workbench');
    expect(navKeyFor('/workbench/citizens')).toBe('/workbench/citizens');
    expect(navKeyFor('/nowhere')).toBeUndefined();
  });
});
