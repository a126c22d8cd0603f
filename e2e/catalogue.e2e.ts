import type { Page } from 'playwright-core';
import { afterEach, expect, inject, test } from 'vitest';
import { DESKTOP, PHONE, openPage, screenshot, staffLogin, type OpenedPage } from './harness';

let opened: OpenedPage | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning, .ant-skeleton-active').first().waitFor({ state: 'detached' });
}

const scrollWidth = (page: Page) => page.evaluate('document.documentElement.scrollWidth');

test('on a phone a citizen searches 餐饮 and opens 食品经营许可, whose business licence comes from the e-license library', async () => {
  opened = await openPage(inject('baseUrl'), PHONE);
  const { page, errors } = opened;

  // From the home page's search box.
  await page.goto('/');
  await page.getByTestId('home-life-events').getByText('开办企业').waitFor();
  await page.getByTestId('home-services-search').locator('input').fill('餐饮');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/services\?q=/);
  await settle(page);
  const card = page.getByTestId('service-card-SCJG-004');
  await card.waitFor();
  await expect(card.textContent()).resolves.toContain('食品经营许可（新办）');
  await expect(card.textContent()).resolves.toContain('承诺时限 5 个工作日');
  await expect(card.getByTestId('tag-online').textContent()).resolves.toBe('全程网办');
  expect(await scrollWidth(page)).toBe(PHONE.width);
  await screenshot(page, 'services-search-phone');

  await card.click();
  await page.waitForURL('**/services/SCJG-004');
  await page.getByTestId('service-detail').waitFor();
  await settle(page);
  await expect(page.getByTestId('service-name').textContent()).resolves.toBe('食品经营许可（新办）');
  await expect(page.getByTestId('material-elicense-businessLicence').textContent()).resolves.toContain(
    '免提交·电子证照库',
  );
  await expect(page.getByTestId('service-basis').textContent()).resolves.toContain('食品安全法');
  await page.getByTestId('service-assumptions').waitFor();
  expect(await scrollWidth(page)).toBe(PHONE.width);
  await screenshot(page, 'service-detail-phone');

  // The 证照联办 bundle for a restaurant.
  await page.goto('/services/bundles/YJS-002');
  await page.getByTestId('bundle-item-SCJG-004').waitFor();
  await page.getByTestId('bundle-item-SCJG-001').waitFor();
  await settle(page);
  expect(await scrollWidth(page)).toBe(PHONE.width);
  await screenshot(page, 'bundle-phone');

  // Filter by life event on the catalogue page.
  await page.goto('/services');
  await page.getByTestId('life-event-出生').click();
  await page.waitForURL(/lifeEvent=/);
  await page.getByTestId('service-card-GA-002').waitFor();
  await settle(page);
  await screenshot(page, 'services-phone');
  expect(errors).toEqual([]);
});

test('the catalogue on desktop, in Chinese and English', async () => {
  opened = await openPage(inject('baseUrl'), DESKTOP);
  const { page, errors } = opened;
  await page.goto('/services');
  await page.getByTestId('services-bundles').waitFor();
  await settle(page);
  expect(await scrollWidth(page)).toBe(DESKTOP.width);
  await screenshot(page, 'services-desktop');
  await page.getByTestId('lang-switch').click();
  await page.goto('/services/SCJG-001');
  await page.getByTestId('service-detail').waitFor();
  await settle(page);
  await expect(page.getByTestId('service-name').textContent()).resolves.toBe(
    'Company establishment registration',
  );
  await screenshot(page, 'service-detail-desktop-en');
  expect(errors).toEqual([]);
});

test('the district administrator changes a promised limit and sees version 2 in the history', async () => {
  opened = await openPage(inject('baseUrl'), DESKTOP);
  const { page, errors } = opened;
  await staffLogin(page, 'admin');
  await page.getByTestId('nav-admin-catalogue').click();
  await page.waitForURL('**/admin/catalogue');
  await page.getByTestId('catalogue-admin-search').locator('input').fill('渣土');
  await page.keyboard.press('Enter');
  await page.getByTestId('catalogue-edit-LHSR-002').click();
  await page.getByTestId('catalogue-form').waitFor();
  const promised = page
    .locator('[data-testid="catalogue-field-promisedLimitDays"]')
    .locator('xpath=descendant-or-self::input');

  // Longer than the legal limit: the server refuses and the message sits under the field.
  await promised.fill('25');
  await page.getByTestId('catalogue-save').click();
  const explain = page
    .locator('.ant-form-item')
    .filter({ has: promised })
    .locator('.ant-form-item-explain-error');
  await expect(explain.textContent()).resolves.toContain('承诺时限');
  await screenshot(page, 'admin-catalogue-invalid-desktop');

  await promised.fill('3');
  await page.getByTestId('catalogue-field-note').fill('压缩承诺时限');
  await page.getByTestId('catalogue-save').click();
  await page.getByText('已保存为第 2 版').waitFor();

  await page.getByTestId('catalogue-history-tab').click();
  const row2 = page.getByTestId('history-row-2');
  await row2.waitFor();
  const text = (await row2.textContent()) ?? '';
  expect(text).toContain('压缩承诺时限');
  expect(text).toContain('3');
  await expect(page.getByTestId('history-row-1').textContent()).resolves.toContain('系统初始化');
  await screenshot(page, 'admin-catalogue-history-desktop');

  // A copy saved under a new code is a new item at version 1.
  await page.locator('.ant-tabs-tab').filter({ hasText: '编辑' }).click();
  await page.getByTestId('catalogue-field-newCode').fill('LHSR-901');
  await page.getByTestId('catalogue-save-as-new').click();
  await page.getByText('已新建事项 LHSR-901').waitFor();

  // The public page shows the new limit.
  await page.goto('/services/LHSR-002');
  await expect(page.getByTestId('detail-promised').textContent()).resolves.toBe('3 个工作日');
  await page.goto('/services/LHSR-901');
  await page.getByTestId('service-detail').waitFor();
  // The refused save logged its 400; nothing else may.
  expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
});
