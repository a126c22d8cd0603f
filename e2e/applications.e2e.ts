import type { Page } from 'playwright-core';
import { afterEach, expect, inject, test } from 'vitest';
import { DEMO_PASSWORD, DESKTOP, PHONE, openPage, screenshot, staffLogin, type OpenedPage } from './harness';

/**
 * 一网通办 end to end: on a 375 px phone the demo enterprise applies for 食品经营许可 — its business
 * licence comes from the e-licence library, so the form says 免提交·电子证照库 and asks for no upload —
 * and finds the application under 我的办件; the market regulator's reviewer finds it in the queue and
 * accepts it, and the enterprise then sees 审查中 and the 受理通知书.
 */

let opened: OpenedPage | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

/** The smallest PDF a content sniffer accepts. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n' +
    'trailer<</Root 1 0 R>>\n%%EOF\n',
);

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning, .ant-skeleton-active').first().waitFor({ state: 'detached' });
}

/** The application drafts in localStorage (evaluated in the page: no DOM types here). */
const DRAFT_KEYS = "Object.keys(localStorage).filter((k) => k.startsWith('yiwang.draft.'))";

const scrollWidth = (page: Page) => page.evaluate('document.documentElement.scrollWidth');

test('the demo enterprise applies for 食品经营许可 on a phone; the market regulator accepts it from the queue', async () => {
  const baseUrl = inject('baseUrl');

  // The item: found in the seeded catalogue by keyword, with the business licence from the e-licence library.
  opened = await openPage(baseUrl, PHONE);
  let { page } = opened;
  const found = await page.request.get('/api/catalogue/items?q=食品经营许可');
  const item = ((await found.json()) as { items: { code: string; name: string }[] }).items.find(
    (i) => i.name === '食品经营许可（新办）',
  );
  expect(item, '食品经营许可（新办） in the catalogue').toBeDefined();
  const code = item!.code;

  // Signed out, /apply/<code> leads through the login and back.
  await page.goto(`/apply/${code}`);
  await page.waitForURL(/\/public\/login\?next=/);
  await page.getByTestId('public-login-account').fill('13900001003');
  await page.getByTestId('public-login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('public-login-submit').click();
  await page.waitForURL(`**/apply/${code}`);
  await page.getByTestId('application-form').waitFor();
  await settle(page);

  // 免提交·电子证照库 with the licence number; no upload asked for it.
  const bl = page.getByTestId('material-source-businessLicence');
  await expect(bl.textContent()).resolves.toMatch(/^免提交·电子证照库 \S+/);
  await expect(page.getByTestId('material-choose-businessLicence').count()).resolves.toBe(0);
  expect(await scrollWidth(page)).toBe(PHONE.width);
  await screenshot(page, 'apply-phone');

  // Submitting empty names the missing fields on the form, not on the server.
  await page.getByTestId('apply-submit').click();
  await page.locator('.ant-form-item-explain-error').first().waitFor();

  await page.getByTestId('field-enterpriseName').fill('上海一网演示科技有限公司');
  await page.getByTestId('field-creditCode').fill('91310109MA1HKQ3W56');
  await page.getByTestId('field-address').fill('上海市虹口区东大名路 1 号');
  await page.getByTestId('field-legalRepName').fill('李建国');
  await page.getByTestId('field-contactPhone').fill('13900001003');
  await page.getByTestId('field-shopName').fill('一网小馆');
  await page.getByTestId('field-businessItems').fill('热食类食品制售');
  await page.getByTestId('field-premisesArea').fill('80');
  await page.getByTestId('field-foodSafetyManager').fill('王晓红');

  // A draft is kept as the user types.
  const drafts = await page.evaluate<string[]>(DRAFT_KEYS);
  expect(drafts.length).toBe(1);

  // A file of the wrong type is refused in the browser.
  await page.getByTestId('material-input-application').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('hello'),
  });
  await expect(page.getByTestId('material-error-application').textContent()).resolves.toContain('PDF');

  for (const key of ['application', 'premisesProof', 'staffIdentity', 'layout', 'safetyRules']) {
    await page.getByTestId(`material-input-${key}`).setInputFiles({
      name: `${key}.pdf`,
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await page.getByTestId(`material-file-${key}`).waitFor();
  }
  // 容缺: the equipment list follows later.
  await page.getByTestId('material-tolerate-equipmentList').click();
  await page.getByTestId('apply-submit').click();

  await page.getByTestId('apply-success').waitFor({ timeout: 30_000 });
  const no = (await page.getByTestId('apply-success-no').textContent())!.replace(/^受理编号：/, '').trim();
  expect(no.length).toBeGreaterThan(4);
  expect(await scrollWidth(page)).toBe(PHONE.width);
  await screenshot(page, 'apply-success-phone');
  // The draft is gone once submitted.
  await expect(page.evaluate<number>(`(${DRAFT_KEYS}).length`)).resolves.toBe(0);

  // 我的办件, from /me.
  await page.goto('/me');
  await page.getByTestId('nav-my-applications').click();
  await page.waitForURL('**/me/applications');
  const row = page.getByTestId(`my-application-${no}`);
  await row.waitFor();
  await expect(row.textContent()).resolves.toContain('食品经营许可（新办）');
  await expect(row.textContent()).resolves.toContain('待受理');
  await settle(page);
  expect(await scrollWidth(page)).toBe(PHONE.width);
  await screenshot(page, 'my-applications-phone');

  await row.getByTestId('my-application-open').click();
  await page.getByTestId('application-detail').waitFor();
  await expect(page.getByTestId('app-material-businessLicence').getAttribute('data-source')).resolves.toBe(
    'elicense',
  );
  await expect(page.getByTestId('app-material-equipmentList').getAttribute('data-source')).resolves.toBe(
    'tolerated',
  );
  await expect(page.getByTestId('case-state').first().getAttribute('data-state')).resolves.toBe('submitted');
  const detailUrl = page.url();
  await settle(page);
  expect(await scrollWidth(page)).toBe(PHONE.width);
  await screenshot(page, 'my-application-phone');
  expect(opened.errors).toEqual([]);
  await opened.close();

  // The market regulator's reviewer: queue → application → 受理.
  opened = await openPage(baseUrl, DESKTOP);
  page = opened.page;
  await staffLogin(page, 'scjg-reviewer');
  await page.getByTestId('nav-workbench-queue').click();
  await page.waitForURL('**/workbench/queue');
  const queued = page.getByTestId(`queue-row-${no}`);
  await queued.waitFor();
  await expect(queued.textContent()).resolves.toContain('食品经营许可（新办）');
  await settle(page);
  await screenshot(page, 'queue-desktop');
  await queued.click();
  await page.waitForURL('**/workbench/applications/*');
  await page.getByTestId('application-detail').waitFor();
  await page.getByTestId('case-action-accept').click();
  await expect
    .poll(() => page.getByTestId('case-state').first().getAttribute('data-state'))
    .toBe('reviewing');
  await page.getByTestId('receipt-acceptance').waitFor();
  await settle(page);
  await screenshot(page, 'staff-application-desktop');
  expect(opened.errors).toEqual([]);
  await opened.close();

  // The enterprise sees 审查中 and its 受理通知书.
  opened = await openPage(baseUrl, PHONE);
  page = opened.page;
  await page.goto('/public/login');
  await page.getByTestId('public-login-account').fill('13900001003');
  await page.getByTestId('public-login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('public-login-submit').click();
  await page.waitForURL('**/me');
  await page.goto(new URL(detailUrl).pathname);
  await page.getByTestId('application-detail').waitFor();
  await expect(page.getByTestId('case-state').first().textContent()).resolves.toBe('审查中');
  await page.getByTestId('receipt-acceptance').waitFor();
  expect(opened.errors).toEqual([]);
});
