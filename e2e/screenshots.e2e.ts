import type { Page } from 'playwright-core';
import { afterEach, expect, inject, test } from 'vitest';
import { DESKTOP, PHONE, openPage, screenshot, staffLogin, type OpenedPage } from './harness';

/**
 * Screenshots of the main pages under e2e/screenshots/ (gitignored) for a person to look at, plus
 * what a machine can check about them: no console errors or CSP violations, nothing wider than the
 * viewport, no untranslated keys on screen.
 */

let opened: OpenedPage | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

/** Text that looks like an untranslated message key (`users.title`) or a template hole (`{name}`). */
const UNTRANSLATED =
  /\b(?:app|nav|auth|home|users|units|calendar|common|me|id|credit|audit|lang)\.[a-z][\w.]*\b|\{\w+\}/;

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning, .ant-skeleton-active').first().waitFor({ state: 'detached' });
  await page.evaluate('document.fonts.ready');
}

async function checkPage(page: Page, width: number) {
  const body = (await page.locator('body').innerText()) ?? '';
  expect(body, 'untranslated text').not.toMatch(UNTRANSLATED);
  expect(await page.evaluate('document.documentElement.scrollWidth'), 'page wider than the viewport').toBe(
    width,
  );
}

test('public pages on desktop and phone', async () => {
  const baseUrl = inject('baseUrl');
  for (const [suffix, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    opened = await openPage(baseUrl, viewport);
    const { page, errors } = opened;
    for (const [path, name] of [
      ['/', 'home'],
      ['/login', 'login'],
      ['/public/login', 'public-login'],
      ['/register', 'register'],
    ] as const) {
      await page.goto(path);
      await settle(page);
      await checkPage(page, viewport.width);
      await screenshot(page, `${name}-${suffix}`);
    }
    expect(errors).toEqual([]);
    await opened.close();
    opened = undefined;
  }
});

test('staff pages of the district administrator, in Chinese and English', async () => {
  opened = await openPage(inject('baseUrl'), DESKTOP);
  const { page, errors } = opened;
  await staffLogin(page, 'admin');
  const pages = [
    ['/workbench', 'workbench', 'welcome-card'],
    ['/admin/users', 'admin-users', 'users-table'],
    ['/admin/units', 'admin-units', 'units-table'],
    ['/admin/calendar', 'admin-calendar', 'calendar-years'],
    ['/admin/audit', 'admin-audit', 'audit-table'],
  ] as const;
  for (const lang of ['zh', 'en'] as const) {
    if (lang === 'en') await page.getByTestId('lang-switch').click();
    for (const [path, name, testId] of pages) {
      await page.goto(path);
      await page.getByTestId(testId).waitFor();
      await settle(page);
      await checkPage(page, DESKTOP.width);
      expect(await page.getByTestId('header-unit').textContent()).toBe(
        lang === 'en' ? 'Hongkou District' : '虹口区',
      );
      if (name === 'admin-calendar') {
        const firstMonth = page.locator('.yw-month h4').first();
        expect(await firstMonth.textContent()).toBe(lang === 'en' ? 'January' : '1 月');
      }
      await screenshot(page, `${name}-desktop${lang === 'en' ? '-en' : ''}`);
    }
  }
  expect(errors).toEqual([]);
});

test('staff pages on a phone: the menu is a drawer and nothing overflows', async () => {
  opened = await openPage(inject('baseUrl'), PHONE);
  const { page, errors } = opened;
  await staffLogin(page, 'admin');
  await settle(page);
  await checkPage(page, PHONE.width);
  await screenshot(page, 'workbench-phone');
  await page.getByTestId('menu-toggle').click();
  await page.getByTestId('nav-admin-users').click();
  await page.waitForURL('**/admin/users');
  await page.getByTestId('users-table').waitFor();
  await settle(page);
  await checkPage(page, PHONE.width);
  await screenshot(page, 'admin-users-phone');
  await page.goto('/admin/calendar');
  await page.getByTestId('calendar-years').waitFor();
  await settle(page);
  await checkPage(page, PHONE.width);
  await screenshot(page, 'admin-calendar-phone');
  expect(errors).toEqual([]);
});
