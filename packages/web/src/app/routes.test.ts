import { createElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { prerenderToNodeStream } from 'react-dom/static';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { LocaleProvider } from '../i18n/LocaleProvider';
import { routes } from './router';
import type { Session, SessionUser } from '../api/types';

// Pages render on the server here (no DOM): the session is seeded, so no request is made.
const unit = { id: 'd', code: '310109', name: '虹口区', kind: 'district' as const };
const staff = (roles: string[]): SessionUser => ({
  id: roles.join(),
  kind: 'staff',
  username: roles.join(),
  displayName: '测试',
  roles,
  unit,
});
const citizen: SessionUser = {
  id: 'c',
  kind: 'citizen',
  username: '13800138000',
  displayName: '张三',
  roles: ['citizen'],
  unit: null,
  idNumber: '110105********002X',
  phone: '138****8000',
};

async function render(user: SessionUser | null, path: string): Promise<string> {
  vi.stubGlobal('fetch', () => new Promise(() => {}));
  const qc = new QueryClient();
  const session: Session = { csrfToken: 't', user };
  qc.setQueryData(['session'], session);
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

describe('routes', () => {
  it('shows the platform name and the language switch on the home page', async () => {
    const html = await render(null, '/');
    expect(html).toContain('虹口区“一网通办”·“一网统管”');
    expect(html).toContain('data-testid="lang-switch"');
  });

  it('refuses the admin pages to a clerk with the 403 page', async () => {
    for (const path of [
      '/admin/users',
      '/admin/units',
      '/admin/calendar',
      '/admin/audit',
      '/admin/api-keys',
    ]) {
      expect(await render(staff(['clerk']), path)).toContain('data-testid="forbidden"');
    }
  });

  it('lets an auditor read the audit log but not manage users', async () => {
    expect(await render(staff(['auditor']), '/admin/audit')).not.toContain('data-testid="forbidden"');
    expect(await render(staff(['auditor']), '/admin/users')).toContain('data-testid="forbidden"');
  });

  it('gives an administrator the users page with its create and export buttons', async () => {
    const html = await render(staff(['admin']), '/admin/users');
    expect(html).toContain('data-testid="user-create"');
    expect(html).toContain('data-testid="export-csv"');
    expect(html).toContain('data-testid="nav-admin-audit"');
  });

  it('gives an administrator the API keys page with its create and export buttons', async () => {
    const html = await render(staff(['admin']), '/admin/api-keys');
    expect(html).toContain('data-testid="api-key-create"');
    expect(html).toContain('data-testid="export-csv"');
    expect(html).toContain('data-testid="nav-admin-api-keys"');
  });

  it('opens the citizens search to clerks, admins, leaders and auditors only', async () => {
    for (const roles of [['clerk'], ['admin'], ['leader'], ['auditor']]) {
      const html = await render(staff(roles), '/workbench/citizens');
      expect(html, roles.join()).toContain('data-testid="citizens-search"');
      expect(html, roles.join()).toContain('data-testid="nav-workbench-citizens"');
    }
    const handler = await render(staff(['handler']), '/workbench/citizens');
    expect(handler).toContain('data-testid="forbidden"');
    expect(handler).not.toContain('data-testid="nav-workbench-citizens"');
  });

  it('opens a case page to any staff member and keeps citizens out of it', async () => {
    expect(await render(staff(['handler']), '/workbench/cases/abc')).not.toContain('data-testid="forbidden"');
    expect(await render(citizen, '/workbench/cases/abc')).toContain('data-testid="forbidden"');
  });

  it('keeps citizens out of the staff shell and shows them their masked numbers', async () => {
    expect(await render(citizen, '/workbench')).toContain('data-testid="forbidden"');
    const me = await render(citizen, '/me');
    expect(me).toContain('110105********002X');
    expect(me).toContain('138****8000');
  });

  it('answers unknown paths with the 404 page', async () => {
    expect(await render(null, '/no/such/page')).toContain('data-testid="not-found"');
    expect(await render(staff(['admin']), '/admin/nothing')).toContain('data-testid="not-found"');
  });
});
