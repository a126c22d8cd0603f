import type { Page } from 'playwright-core';
import { afterEach, expect, inject, test } from 'vitest';
import { DEMO_PASSWORD, DESKTOP, openPage, staffLogin, type OpenedPage } from './harness';

/**
 * The Content-Security-Policy holds in Chromium (issue 6, item 4): the main pages — public,
 * staff desks, the ECharts screens and the API reference — load under it without a single
 * violation (the harness turns each `securitypolicyviolation` event into a console error), and
 * the policy is enforced: an inline event handler slipped into the page does not run.
 */

const opened: OpenedPage[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
});

/** A fresh browser; lazily loaded pages can take long on a loaded machine. */
async function browse(baseUrl: string) {
  const o = await openPage(baseUrl, DESKTOP);
  opened.push(o);
  o.context.setDefaultTimeout(60_000);
  return o;
}

async function visit(o: OpenedPage, path: string, ready: (page: Page) => Promise<unknown>) {
  const res = await o.page.goto(path, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  expect(res?.headers()['content-security-policy'], path).toContain("script-src 'self'");
  await ready(o.page);
  await o.page.waitForLoadState('networkidle');
  expect(
    o.errors.filter((e) => e.includes('CSP violation')),
    `${path}: CSP violations`,
  ).toEqual([]);
}

const app = (page: Page) => page.locator('#root > *').first().waitFor();

test('the main pages load under the CSP without a violation', async () => {
  const baseUrl = inject('baseUrl');

  const anonymous = await browse(baseUrl);
  for (const path of ['/', '/login', '/public/login', '/services', '/ratings', '/outlets'])
    await visit(anonymous, path, app);
  await visit(anonymous, '/api/docs', (page) => page.locator('.swagger-ui').first().waitFor());

  const admin = await browse(baseUrl);
  await staffLogin(admin.page, 'admin');
  for (const path of [
    '/workbench',
    '/workbench/dispatch',
    '/workbench/sensors',
    '/workbench/alarms',
    '/workbench/daily-report',
    '/workbench/hotspots',
    '/workbench/service-dashboard',
    '/admin/users',
    '/admin/catalogue',
    '/admin/audit',
  ])
    await visit(admin, path, app);
  await visit(admin, '/ops-screen', (page) =>
    page.getByTestId('ops-map').locator('canvas').first().waitFor({ timeout: 60_000 }),
  );

  const citizen = await browse(baseUrl);
  await citizen.page.goto('/public/login', { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await citizen.page.getByTestId('public-login-account').fill('13900001001');
  await citizen.page.getByTestId('public-login-password').fill(DEMO_PASSWORD);
  await citizen.page.getByTestId('public-login-submit').click();
  await citizen.page.waitForURL('**/me');
  for (const path of ['/me', '/me/applications', '/me/wallet', '/public/report'])
    await visit(citizen, path, app);
}, 300_000);

test('the policy is enforced: an inline event handler put into the page does not run', async () => {
  const o = await browse(inject('baseUrl'));
  await o.page.goto('/login', { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await app(o.page);
  await o.page.evaluate(`(() => {
    const d = document.createElement('div');
    d.innerHTML = '<img src="/favicon.svg?csp-probe" onload="window.__ran = 1" onerror="window.__ran = 1">';
    document.body.appendChild(d);
  })()`);
  await expect.poll(() => o.errors.some((e) => e.includes('CSP violation: script-src'))).toBe(true);
  expect(await o.page.evaluate('typeof window.__ran')).toBe('undefined');
});
