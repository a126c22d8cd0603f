import { afterEach, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DESKTOP, PHONE, openPage, screenshot, staffLogin, type OpenedPage } from './harness';

const opened: OpenedPage[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
});

async function open(viewport: { width: number; height: number }): Promise<OpenedPage> {
  const o = await openPage(inject('baseUrl'), viewport);
  opened.push(o);
  return o;
}

async function publicLogin(page: Page, account: string): Promise<void> {
  await page.goto('/public/login');
  await page.getByTestId('public-login-account').fill(account);
  await page.getByTestId('public-login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('public-login-submit').click();
  await page.waitForURL('**/me');
}

const noHorizontalScroll = (page: Page) =>
  page.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth');

test('the demo enterprise opens its wallet on a phone, sees its 营业执照 有效 and verifies it by the QR link', async () => {
  const { page, errors } = await open(PHONE);
  await publicLogin(page, '13900001003');
  await page.getByTestId('nav-wallet').click();
  await page.waitForURL('**/me/wallet');

  const card = page.getByTestId('wallet-card-business-licence');
  await card.waitFor();
  expect(await card.textContent()).toContain('营业执照');
  await expect(card.getByTestId('license-status').textContent()).resolves.toBe('有效');
  const qr = card.locator('img');
  await expect
    .poll(() =>
      qr.evaluate((img) => {
        const i = img as unknown as { complete: boolean; naturalWidth: number };
        return i.complete && i.naturalWidth > 0;
      }),
    )
    .toBe(true);
  expect(await noHorizontalScroll(page)).toBe(true);
  await screenshot(page, 'licenses-wallet-phone');

  await card.getByTestId('wallet-verify-link').click();
  await page.waitForURL('**/verify/*');
  await expect(page.getByTestId('verify-status').textContent()).resolves.toContain('有效');
  await expect(page.getByTestId('verify-status').getAttribute('data-status')).resolves.toBe('valid');
  const text = (await page.getByTestId('verify').textContent()) ?? '';
  expect(text).toContain('上海一网演示科技有限公司');
  expect(text).not.toContain('91310109MA1HKQ3W56');
  expect(await noHorizontalScroll(page)).toBe(true);
  await screenshot(page, 'licenses-verify-phone');

  expect(errors).toEqual([]);
});

test('an administrator revokes a citizen’s 居民身份证 e-licence; her wallet and the verification page then say 已吊销', async () => {
  const citizen = await open(PHONE);
  await publicLogin(citizen.page, '13900001002');
  await citizen.page.goto('/me/wallet');
  const card = citizen.page.getByTestId('wallet-card-resident-id');
  await card.waitFor();
  await expect(card.getByTestId('license-status').textContent()).resolves.toBe('有效');
  await card.getByTestId('wallet-verify-link').click();
  await citizen.page.waitForURL('**/verify/*');
  const verifyUrl = citizen.page.url();
  await expect(citizen.page.getByTestId('verify-status').textContent()).resolves.toContain('有效');
  await expect(citizen.page.getByTestId('verify-holder').textContent()).resolves.toBe('王**');
  expect(await citizen.page.getByTestId('verify').textContent()).not.toContain('310109199208263026');

  const staff = await open(DESKTOP);
  await staffLogin(staff.page, 'admin');
  await staff.page.getByTestId('nav-workbench-licenses').click();
  await staff.page.waitForURL('**/workbench/licenses');
  const search = staff.page.getByTestId('licenses-search').locator('input');
  await search.fill('310109199208263026');
  await search.press('Enter');
  const table = staff.page.getByTestId('licenses-table');
  const row = table.locator('tr.ant-table-row', { hasText: '王晓红' });
  await row.waitFor();
  await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(1);
  expect(await row.textContent()).toContain('310109********3026');
  await screenshot(staff.page, 'licenses-staff-desktop');
  await row.locator('[data-testid^="license-revoke-"]').click();
  await staff.page.getByTestId('license-revoke-reason').fill('证件遗失，持证人申请注销');
  await staff.page.getByTestId('license-revoke-ok').click();
  await expect.poll(() => row.getByTestId('license-status').textContent()).toBe('已吊销');

  await citizen.page.goto(verifyUrl);
  await expect(citizen.page.getByTestId('verify-status').getAttribute('data-status')).resolves.toBe(
    'revoked',
  );
  await expect(citizen.page.getByTestId('verify-status').textContent()).resolves.toContain('已吊销');
  await screenshot(citizen.page, 'licenses-verify-revoked-phone');
  await citizen.page.goto('/me/wallet');
  await expect(
    citizen.page.getByTestId('wallet-card-resident-id').getByTestId('license-status').textContent(),
  ).resolves.toBe('已吊销');

  expect(citizen.errors).toEqual([]);
  expect(staff.errors).toEqual([]);
});

test('a clerk looks licences up on a phone without the page scrolling sideways', async () => {
  const { page, errors } = await open(PHONE);
  await staffLogin(page, 'clerk');
  await page.goto('/workbench/licenses');
  await page.getByTestId('licenses-table').locator('tr.ant-table-row').first().waitFor();
  expect(await page.locator('[data-testid^="license-revoke-"]').count()).toBe(0);
  expect(await noHorizontalScroll(page)).toBe(true);
  await screenshot(page, 'licenses-staff-phone');
  expect(errors).toEqual([]);
});
