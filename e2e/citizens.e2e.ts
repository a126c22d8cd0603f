import { afterEach, expect, inject, test } from 'vitest';
import { DESKTOP, openPage, staffLogin, type OpenedPage } from './harness';

let opened: OpenedPage | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

test('a window clerk finds 李建国 by phone, sees it masked, and opens the audited full view', async () => {
  opened = await openPage(inject('baseUrl'), DESKTOP);
  const { page, errors } = opened;

  await staffLogin(page, 'clerk');
  await page.getByTestId('nav-workbench-citizens').click();
  await page.waitForURL('**/workbench/citizens');

  await page.getByTestId('citizens-search').locator('input').fill('13900001001');
  await page.getByTestId('citizens-search').locator('input').press('Enter');
  const table = page.getByTestId('citizens-table');
  const row = table.locator('tr', { hasText: '李建国' });
  await row.waitFor();
  await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(1);
  const rowText = (await row.textContent()) ?? '';
  expect(rowText).toContain('139****1001');
  expect(rowText).not.toContain('13900001001');
  expect(rowText).not.toContain('31010919780315241X');

  await row.locator('[data-testid^="citizen-show-full-"]').click();
  const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('citizen-audit-note') });
  await modal.waitFor();
  await expect(page.getByTestId('citizen-audit-note').textContent()).resolves.toContain(
    '显示完整信息的操作将记入审计日志',
  );
  await expect(page.getByTestId('identity-phone').textContent()).resolves.toBe('13900001001');
  await expect(page.getByTestId('identity-id-number').textContent()).resolves.toBe('31010919780315241X');
  await page.getByTestId('citizen-identity-close').click();
  await modal.waitFor({ state: 'hidden' });

  expect(errors).toEqual([]);
});

test('the district administrator searches citizens but has no full-view action', async () => {
  opened = await openPage(inject('baseUrl'), DESKTOP);
  const { page, errors } = opened;

  await staffLogin(page, 'admin');
  await page.getByTestId('nav-workbench-citizens').click();
  await page.waitForURL('**/workbench/citizens');
  await page.getByTestId('citizens-search').locator('input').fill('13900001001');
  await page.getByTestId('citizens-search').locator('input').press('Enter');
  const row = page.getByTestId('citizens-table').locator('tr', { hasText: '李建国' });
  await row.waitFor();
  expect(await row.textContent()).toContain('139****1001');
  expect(await page.locator('[data-testid^="citizen-show-full-"]').count()).toBe(0);
  expect(await page.getByText('查看完整信息').count()).toBe(0);

  expect(errors).toEqual([]);
});
