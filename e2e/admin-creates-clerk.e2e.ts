import { afterEach, expect, inject, test } from 'vitest';
import { DESKTOP, openPage, type OpenedPage } from './harness';

let opened: OpenedPage | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

test('a newcomer signs in as the district administrator, creates a 北外滩 clerk and switches language', async () => {
  opened = await openPage(inject('baseUrl'), DESKTOP);
  const { page, errors } = opened;
  const username = `e2e-clerk-${Date.now().toString(36)}`;
  const displayName = `测试窗口${Math.floor(Math.random() * 1000)}`;

  // The home page leads to the staff login.
  await page.goto('/');
  await expect(page.getByTestId('hero').textContent()).resolves.toContain('一网');
  await page.getByTestId('home-staff-login').click();
  await page.waitForURL('**/login');
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill('Yiwang@2026');
  await page.getByTestId('login-submit').click();
  await page.waitForURL('**/workbench');
  await expect(page.getByTestId('header-user').textContent()).resolves.toBe('系统管理员');

  // 用户管理 → 新建用户.
  await page.getByTestId('nav-admin-users').click();
  await page.waitForURL('**/admin/users');
  const table = page.getByTestId('users-table');
  await table.getByText('bwt-admin', { exact: true }).waitFor();
  await page.getByTestId('user-create').click();
  const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('user-username') });
  await modal.waitFor();
  await page.getByTestId('user-username').fill(username);
  await page.getByTestId('user-display-name').fill(displayName);
  await page.getByTestId('user-password').fill('Clerk@2026x');

  // Role: 窗口人员.
  await modal.locator('#user-form_roles').click();
  await page.locator('.ant-select-item-option[title="窗口人员"]').click();
  await page.keyboard.press('Escape');
  await expect(modal.locator('.ant-select-selection-item').first().textContent()).resolves.toContain(
    '窗口人员',
  );

  // Unit: type 北外滩 into the TreeSelect's search and pick 北外滩街道.
  await modal.locator('#user-form_unitId').click();
  await page.keyboard.type('北外滩');
  const option = page.locator('.ant-select-tree-treenode .ant-select-tree-title', {
    hasText: /^北外滩街道$/,
  });
  await option.click();
  await expect(
    modal.locator('.ant-select-content, .ant-select-selection-item').last().textContent(),
  ).resolves.toContain('北外滩街道');

  await page.getByTestId('user-submit').click();
  await modal.waitFor({ state: 'hidden' });

  // The new account is in the table, in 北外滩街道, as 窗口人员.
  const row = table.locator('tr', { has: page.getByText(username, { exact: true }) });
  await row.waitFor();
  const rowText = await row.textContent();
  expect(rowText).toContain(displayName);
  expect(rowText).toContain('窗口人员');
  expect(rowText).toContain('北外滩街道');

  // English, then back to Chinese.
  const langSwitch = page.getByTestId('lang-switch');
  await expect(langSwitch.textContent()).resolves.toContain('EN');
  await langSwitch.click();
  await expect.poll(() => langSwitch.textContent()).toContain('中文');
  await expect.poll(() => page.getByTestId('nav-admin-users').textContent()).toBe('Users');
  await expect.poll(() => page.getByTestId('user-create').textContent()).toContain('New user');
  const headers = await table.locator('thead th').allTextContents();
  expect(headers).toEqual(expect.arrayContaining(['Username', 'Name', 'Roles', 'Unit', 'Status']));
  await expect.poll(() => row.textContent()).toContain('Window clerk');
  await expect.poll(() => row.textContent()).toContain('Beiwaitan Subdistrict');
  await expect.poll(() => page.getByTestId('header-unit').textContent()).toBe('Hongkou District');
  await expect(page.evaluate('document.documentElement.lang')).resolves.toMatch(/^en/);

  await langSwitch.click();
  await expect.poll(() => page.getByTestId('nav-admin-users').textContent()).toBe('用户管理');
  await expect.poll(() => langSwitch.textContent()).toContain('EN');
  expect(await table.locator('thead th').allTextContents()).toEqual(
    expect.arrayContaining(['用户名', '姓名', '角色', '所属单位', '状态']),
  );
  await expect(page.evaluate('document.documentElement.lang')).resolves.toMatch(/^zh/);

  expect(errors).toEqual([]);
});
