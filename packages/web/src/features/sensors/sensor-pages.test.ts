import { createElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { prerenderToNodeStream } from 'react-dom/static';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { LocaleProvider } from '../../i18n/LocaleProvider';
import { routes } from '../../app/router';
import type { Session, SessionUser } from '../../api/types';

// Pages render on the server (no DOM) with the session seeded and every other request pending.
const staff = (roles: string[]): SessionUser => ({
  id: roles.join(),
  kind: 'staff',
  username: roles.join(),
  displayName: '测试',
  roles,
  unit: { id: 'd', code: '310109', name: '虹口区', kind: 'district' },
});

async function render(user: SessionUser, path: string): Promise<string> {
  vi.stubGlobal('fetch', () => new Promise(() => {}));
  const qc = new QueryClient();
  qc.setQueryData(['session'], { csrfToken: 't', user } satisfies Session);
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const { prelude } = await prerenderToNodeStream(
    createElement(
      QueryClientProvider,
      { client: qc },
      createElement(LocaleProvider, null, createElement(RouterProvider, { router })),
    ),
  );
  let html = '';
  for await (const chunk of prelude) html += String(chunk);
  return html;
}

describe('the sensor pages', () => {
  it('give a dispatcher the registry with import, register and export, and both menu entries', async () => {
    const html = await render(staff(['dispatcher']), '/workbench/sensors');
    for (const id of ['sensors-table', 'sensors-import', 'sensor-create', 'export-csv', 'export-xlsx'])
      expect(html).toContain(`data-testid="${id}"`);
    expect(html).toContain('data-testid="nav-workbench-sensors"');
    expect(html).toContain('data-testid="nav-workbench-alarms"');
  });

  it('let a leader read the registry but not change it', async () => {
    const html = await render(staff(['leader']), '/workbench/sensors');
    expect(html).toContain('data-testid="sensors-table"');
    expect(html).not.toContain('data-testid="sensors-import"');
    expect(html).not.toContain('data-testid="sensor-create"');
  });

  it('give the alarm list its filters and export', async () => {
    const html = await render(staff(['operator']), '/workbench/alarms');
    expect(html).toContain('data-testid="alarms-state-filter"');
    expect(html).toContain('data-testid="export-csv"');
  });

  it('refuse the registry and the alarms to a window clerk', async () => {
    for (const path of ['/workbench/sensors', '/workbench/sensors/WL-1', '/workbench/alarms'])
      expect(await render(staff(['clerk']), path)).toContain('data-testid="forbidden"');
  });
});
