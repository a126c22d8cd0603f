import { afterEach, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DESKTOP, PHONE, openPage, screenshot, type OpenedPage } from './harness';

const opened: OpenedPage[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
});

async function open(viewport: { width: number; height: number }): Promise<OpenedPage> {
  const o = await openPage(inject('baseUrl'), viewport);
  opened.push(o);
  return o;
}

const noHorizontalScroll = (page: Page) =>
  page.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth');

test('the demo enterprise registers an outlet under its 营业执照 on a phone, and the public look-up shows the covering licence', async () => {
  const { page, errors } = await open(PHONE);
  await page.goto('/public/login');
  await page.getByTestId('public-login-account').fill('13900001003');
  await page.getByTestId('public-login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('public-login-submit').click();
  await page.waitForURL('**/me');
  await page.getByTestId('nav-my-outlets').click();
  await page.waitForURL('**/me/outlets');

  await page.getByTestId('outlet-add').click();
  const name = `一网演示·四川北路店${Date.now() % 10000}`;
  await page.getByTestId('outlet-name').fill(name);
  await page.getByTestId('outlet-address').fill('上海市虹口区四川北路 1666 号');
  await page.getByTestId('outlet-street').click();
  await page.locator('.ant-select-item-option', { hasText: '四川北路街道' }).click();
  await page.getByTestId('outlet-opened').click();
  await page.locator('.ant-picker-dropdown .ant-picker-cell-today').click();
  expect(await noHorizontalScroll(page)).toBe(true);
  await screenshot(page, 'multi-site-add-outlet-phone');
  await page.getByTestId('outlet-submit').click();
  const card = page.getByTestId('outlet-card').filter({ hasText: name });
  await card.waitFor();
  expect(await card.textContent()).toContain('营业中');
  expect(await noHorizontalScroll(page)).toBe(true);
  await screenshot(page, 'multi-site-outlets-phone');

  const visitor = await open(PHONE);
  await visitor.page.goto('/outlets');
  await visitor.page.getByTestId('outlet-lookup-search').locator('input').fill('四川北路 1666');
  await visitor.page.getByTestId('outlet-lookup-search').locator('input').press('Enter');
  const hit = visitor.page.getByTestId('outlet-hit').filter({ hasText: name });
  await hit.waitFor();
  expect(await hit.getByTestId('outlet-hit-license').textContent()).toContain('营业执照');
  expect(await hit.textContent()).toContain('上海一网演示科技有限公司');
  expect(await noHorizontalScroll(visitor.page)).toBe(true);
  await screenshot(visitor.page, 'multi-site-lookup-phone');
  await hit.getByTestId('outlet-hit-verify').click();
  await visitor.page.waitForURL('**/verify/*');
  await expect(visitor.page.getByTestId('verify-status').getAttribute('data-status')).resolves.toBe('valid');

  const desk = await open(DESKTOP);
  await desk.page.goto('/outlets');
  await desk.page.getByTestId('outlet-lookup-search').locator('input').fill(name);
  await desk.page.getByTestId('outlet-lookup-search').locator('input').press('Enter');
  await desk.page.getByTestId('outlet-hit').first().waitFor();
  await screenshot(desk.page, 'multi-site-lookup-desktop');

  expect(errors).toEqual([]);
  expect(visitor.errors).toEqual([]);
});
