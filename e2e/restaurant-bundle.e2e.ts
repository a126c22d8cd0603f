import type { Page } from 'playwright-core';
import { afterEach, expect, inject, test } from 'vitest';
import {
  DEMO_PASSWORD,
  DESKTOP,
  PHONE,
  csrfToken,
  openPage,
  screenshot,
  staffLogin,
  type OpenedPage,
} from './harness';

/**
 * 证照联办 end to end: on a 375 px phone a newly registered enterprise applies once for 开餐饮店
 * (YJS-002 = SCJG-001 公司设立登记 + SCJG-004 食品经营许可); the 营业执照 the food permit needs is
 * issued within the bundle, so the form does not ask for it. Two reviewers of 区市场监管局 — the demo
 * scjg-reviewer and one the district administrator creates — each accept and approve one sub-case,
 * at the same time in their own browsers. The enterprise's wallet then holds both e-licences, 有效,
 * and each QR verification page says 有效.
 */

const opened: OpenedPage[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
});

async function open(viewport: { width: number; height: number }): Promise<OpenedPage> {
  const o = await openPage(inject('baseUrl'), viewport);
  opened.push(o);
  return o;
}

/** The smallest PDF a content sniffer accepts. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n' +
    'trailer<</Root 1 0 R>>\n%%EOF\n',
);

const rnd = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** A valid 统一社会信用代码 (GB 32100): 91 (company) + Hongkou's 310109 + a random 9-character body + its check char. */
function randomCreditCode(): string {
  const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let body = '';
  for (let i = 0; i < 9; i++) body += CHARSET[rnd(0, i < 2 ? 30 : 9)];
  const first17 = `91310109${body}`;
  const sum = WEIGHTS.reduce((s, w, i) => s + w * CHARSET.indexOf(first17[i]!), 0);
  return first17 + CHARSET[(31 - (sum % 31)) % 31]!;
}

/** A valid 居民身份证号码 (GB 11643) of a Hongkou resident. */
function randomResidentId(): string {
  const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const first17 = `310109${rnd(1960, 2000)}${pad(rnd(1, 12), 2)}${pad(rnd(1, 28), 2)}${pad(rnd(0, 999), 3)}`;
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(first17[i]), 0);
  return first17 + '10X98765432'[sum % 11]!;
}

const randomPhone = () => `139${pad(rnd(0, 99_999_999), 8)}`;

const noHorizontalScroll = (page: Page) =>
  page.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth');

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning, .ant-skeleton-active').first().waitFor({ state: 'detached' });
}

/** Pick an option of the antd Select wrapped by `testId`. */
async function choose(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).click();
}

/** One reviewer, in its own browser: queue → the application → 受理 → 准予许可 on its sub-case. */
async function reviewerApproves(
  reviewer: OpenedPage,
  username: string,
  password: string,
  applicationNo: string,
  caseId: string,
): Promise<void> {
  const { page } = reviewer;
  await staffLogin(page, username, password);
  await page.getByTestId('nav-workbench-queue').click();
  await page.waitForURL('**/workbench/queue');
  const row = page.locator(`[data-testid="queue-row-${applicationNo}"][data-case="${caseId}"]`);
  await row.waitFor();
  await row.click();
  await page.waitForURL('**/workbench/applications/*');
  const card = page.getByTestId(`case-${caseId}`);
  await card.waitFor();
  const state = () => card.getByTestId('case-state').getAttribute('data-state');
  await expect.poll(state).toBe('submitted');
  await card.getByTestId('case-action-accept').click();
  await expect.poll(state).toBe('reviewing');
  await card.getByTestId('case-action-approve').click();
  await expect.poll(state).toBe('approved');
  await card.getByTestId('receipt-approval').waitFor();
}

test('on a phone a new enterprise opens a restaurant through 证照联办; two market-regulator reviewers approve in parallel; both e-licences are in its wallet and verify as 有效', async () => {
  const creditCode = randomCreditCode();
  const phone = randomPhone();
  const enterpriseName = `上海一网测试餐饮${pad(rnd(0, 99_999), 5)}有限公司`;

  // ——— The enterprise registers on its phone; its wallet starts empty.
  const ent = await open(PHONE);
  const page = ent.page;
  await page.goto('/register');
  await page.getByTestId('register-tab-enterprise').click();
  await page.getByTestId('register-credit-code').waitFor();
  await page.getByTestId('register-name').fill(enterpriseName);
  await page.getByTestId('register-credit-code').fill(creditCode);
  await page.getByTestId('register-legal-rep-name').fill('陈一网');
  await page.getByTestId('register-legal-rep-id-number').fill(randomResidentId());
  await page.getByTestId('register-phone').fill(phone);
  await page.getByTestId('register-password').fill(DEMO_PASSWORD);
  await page.getByTestId('register-submit').click();
  await page.waitForURL('**/me');
  await expect(page.getByTestId('me-credit-code').textContent()).resolves.toContain(creditCode.slice(-4));
  await page.goto('/me/wallet');
  await page.getByTestId('wallet').locator('.ant-empty').waitFor();
  expect(await page.locator('[data-testid^="wallet-card-"]').count()).toBe(0);

  // ——— One form for both items; the 营业执照 is issued within the bundle and not asked for.
  await page.goto('/apply/bundle/YJS-002');
  await page.getByTestId('application-form').waitFor();
  await settle(page);
  await page.getByTestId('apply-bundle-item-SCJG-001').waitFor();
  await page.getByTestId('apply-bundle-item-SCJG-004').waitFor();
  const bl = page.getByTestId('material-source-businessLicence');
  await expect(bl.getAttribute('data-source')).resolves.toBe('bundle');
  await expect(bl.textContent()).resolves.toBe('同批办理·核发后自动关联');
  expect(await page.getByTestId('material-choose-businessLicence').count()).toBe(0);
  expect(await page.getByTestId('material-input-businessLicence').count()).toBe(0);

  await page.getByTestId('field-companyName').fill(enterpriseName);
  await choose(page, 'field-companyType', '有限责任公司');
  await page.getByTestId('field-registeredCapital').fill('50');
  await page.getByTestId('field-businessScope').fill('餐饮服务');
  await page.getByTestId('field-address').fill('上海市虹口区四川北路 1888 号');
  await page.getByTestId('field-legalRepName').fill('陈一网');
  await page.getByTestId('field-legalRepIdNumber').fill(randomResidentId());
  await page.getByTestId('field-contactPhone').fill(phone);
  await page.getByTestId('field-enterpriseName').fill(enterpriseName);
  await page.getByTestId('field-creditCode').fill(creditCode);
  await page.getByTestId('field-shopName').fill('一网小馆');
  await page.getByTestId('field-businessItems').fill('热食类食品制售');
  await page.getByTestId('field-premisesArea').fill('80');
  await page.getByTestId('field-foodSafetyManager').fill('王晓红');

  const uploads = await page
    .locator('[data-testid^="material-input-"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace('material-input-', '')));
  expect(uploads).not.toContain('businessLicence');
  for (const key of uploads) {
    if (key === 'powerOfAttorney') continue; // optional: nobody acts for the enterprise
    await page.getByTestId(`material-input-${key}`).setInputFiles({
      name: `${key}.pdf`,
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await page.getByTestId(`material-file-${key}`).waitFor();
  }
  expect(await noHorizontalScroll(page)).toBe(true);
  await screenshot(page, 'restaurant-bundle-apply-phone');
  await page.getByTestId('apply-submit').click();
  await page.getByTestId('apply-success').waitFor({ timeout: 30_000 });
  const no = (await page.getByTestId('apply-success-no').textContent())!.replace(/^受理编号：/, '').trim();
  expect(no.length).toBeGreaterThan(4);

  // Submitted once: one application, two parallel sub-cases in the market regulator.
  await page.getByTestId('apply-success-detail').click();
  await page.waitForURL('**/me/applications/*');
  await page.getByTestId('application-detail').waitFor();
  const detailPath = new URL(page.url()).pathname;
  const caseOf = async (item: string) =>
    (await page.locator(`[data-testid^="case-"][data-item="${item}"]`).getAttribute('data-testid'))!.replace(
      /^case-/,
      '',
    );
  const companyCase = await caseOf('SCJG-001');
  const permitCase = await caseOf('SCJG-004');
  expect(companyCase).not.toBe(permitCase);
  for (const id of [companyCase, permitCase])
    await expect(
      page.getByTestId(`case-${id}`).getByTestId('case-state').getAttribute('data-state'),
    ).resolves.toBe('submitted');
  await expect(page.getByTestId('app-material-businessLicence').getAttribute('data-source')).resolves.toBe(
    'district',
  );
  await settle(page);
  expect(await noHorizontalScroll(page)).toBe(true);
  await screenshot(page, 'restaurant-bundle-submitted-phone');

  // ——— The district administrator adds a second reviewer to 区市场监管局, over the API.
  const admin = await open(DESKTOP);
  await staffLogin(admin.page, 'admin');
  const units = await admin.page.request.get('/api/units?kind=department');
  expect(units.ok()).toBe(true);
  const scjg = ((await units.json()) as { items: { id: string; code: string }[] }).items.find(
    (u) => u.code === 'D-SCJGJ',
  );
  expect(scjg, 'D-SCJGJ among the departments').toBeDefined();
  const reviewer2 = `scjg-food-${pad(rnd(0, 999_999), 6)}`;
  const password2 = 'Reviewer@2026';
  const created = await admin.page.request.post('/api/users', {
    headers: { 'x-csrf-token': await csrfToken(admin.page) },
    data: {
      username: reviewer2,
      displayName: '食品许可审批员',
      password: password2,
      roles: ['reviewer'],
      unitId: scjg!.id,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  expect(admin.errors).toEqual([]);

  // ——— Two reviewers, two browsers, at the same time: one sub-case each.
  const [r1, r2] = await Promise.all([open(DESKTOP), open(DESKTOP)]);
  await Promise.all([
    reviewerApproves(r1, 'scjg-reviewer', DEMO_PASSWORD, no, companyCase),
    reviewerApproves(r2, reviewer2, password2, no, permitCase),
  ]);
  // Each sees the other's decision once it reloads.
  for (const r of [r1, r2]) {
    await r.page.getByTestId('application-reload').click();
    for (const id of [companyCase, permitCase])
      await expect
        .poll(() => r.page.getByTestId(`case-${id}`).getByTestId('case-state').getAttribute('data-state'))
        .toBe('approved');
  }
  await settle(r2.page);
  await screenshot(r2.page, 'restaurant-bundle-approved-desktop');
  expect(r1.errors).toEqual([]);
  expect(r2.errors).toEqual([]);

  // ——— Back on the phone: both approved, both e-licences in the wallet, each verifies as 有效.
  await page.goto(detailPath);
  await page.getByTestId('application-detail').waitFor();
  for (const id of [companyCase, permitCase])
    await expect(page.getByTestId(`case-${id}`).getByTestId('case-state').textContent()).resolves.toBe(
      '准予许可·待送达',
    );

  await page.goto('/me');
  await page.getByTestId('nav-wallet').click();
  await page.waitForURL('**/me/wallet');
  for (const type of ['business-licence', 'food-business-permit']) {
    const card = page.getByTestId(`wallet-card-${type}`);
    await card.waitFor();
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
  }
  expect(await page.locator('[data-testid^="wallet-card-"]').count()).toBe(2);
  await expect(page.getByTestId('wallet-card-business-licence').textContent()).resolves.toContain('营业执照');
  await expect(page.getByTestId('wallet-card-food-business-permit').textContent()).resolves.toContain(
    '食品经营许可证',
  );
  expect(await noHorizontalScroll(page)).toBe(true);
  await screenshot(page, 'restaurant-bundle-wallet-phone');

  for (const type of ['business-licence', 'food-business-permit']) {
    await page.getByTestId(`wallet-card-${type}`).getByTestId('wallet-verify-link').click();
    await page.waitForURL('**/verify/*');
    const status = page.getByTestId('verify-status');
    await expect(status.getAttribute('data-status')).resolves.toBe('valid');
    await expect(status.textContent()).resolves.toContain('有效');
    expect(await page.getByTestId('verify').textContent()).toContain(enterpriseName);
    expect(await noHorizontalScroll(page)).toBe(true);
    await screenshot(page, `restaurant-bundle-verify-${type}-phone`);
    await page.goBack();
    await page.waitForURL('**/me/wallet');
  }

  expect(ent.errors).toEqual([]);
});
