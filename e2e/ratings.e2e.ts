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
 * 好差评 end to end: a citizen whose application was completed gives it 1 star with a comment on a
 * phone; a 差评整改 case appears for the market regulator (the handling unit), whose reviewer records
 * the contact, rectifies, reports back and closes it; the public /ratings page counts it rectified.
 */

const opened: OpenedPage[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
});

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning, .ant-skeleton-active').first().waitFor({ state: 'detached' });
}

async function post(page: Page, url: string, data: unknown) {
  const res = await page.request.post(url, { data, headers: { 'x-csrf-token': await csrfToken(page) } });
  expect(res.ok(), `${url}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.json() as Promise<Record<string, unknown>>;
}

type Stats = { rectified: number; poor: number };

test('a citizen gives 1 star with a comment; the handling unit contacts them and closes the case; /ratings counts it', async () => {
  const baseUrl = inject('baseUrl');

  // Setup through the API: a test item of the market regulator, applied for and completed.
  const admin = await openPage(baseUrl, DESKTOP);
  opened.push(admin);
  await post(admin.page, '/api/auth/login', { username: 'admin', password: DEMO_PASSWORD });
  await post(admin.page, '/api/catalogue/items', {
    definition: {
      code: 'TEST-861',
      name: '好差评测试事项',
      type: '行政许可',
      departmentCode: 'D-SCJGJ',
      basis: '《测试条例》',
      legalLimitDays: 20,
      promisedLimitDays: 5,
      instant: false,
      visits: 0,
      fee: '不收费',
      materials: [],
      form: {
        fields: [{ key: 'companyName', label: { zh: '名称', en: 'Name' }, type: 'text', required: true }],
      },
      lifeEvents: ['测试'],
      keywords: [],
      pledgeAllowed: false,
      toleranceAllowed: false,
      riskLevel: 'low',
      demoAssumptions: ['everything: e2e test data'],
    },
  });
  const citizen = await openPage(baseUrl, PHONE);
  opened.push(citizen);
  await post(citizen.page, '/api/auth/public/login', { account: '13900001002', password: DEMO_PASSWORD });
  const app = (await post(citizen.page, '/api/applications', {
    itemCode: 'TEST-861',
    form: { companyName: '好差评小馆' },
  })) as { id: string; applicationNo: string };
  const reviewer = await openPage(baseUrl, DESKTOP);
  opened.push(reviewer);
  await staffLogin(reviewer.page, 'scjg-reviewer');
  for (const action of ['accept', 'approve', 'deliver']) {
    const view = (await (await reviewer.page.request.get(`/api/applications/${app.id}`)).json()) as {
      cases: { caseId: string; version: number }[];
    };
    const sub = view.cases[0]!;
    await post(reviewer.page, `/api/applications/${app.id}/cases/${sub.caseId}/actions`, {
      action,
      expectedVersion: sub.version,
    });
  }
  const before = (await (await citizen.page.request.get('/api/ratings/stats?days=30')).json()) as Stats;

  // The citizen rates on the phone from the application page: 1 star needs a comment.
  let page = citizen.page;
  await page.goto(`/me/applications/${app.id}`);
  await page.getByTestId('rate-open').click();
  await page.waitForURL(`**/me/applications/${app.id}/rate`);
  await page.getByTestId('rate-form').waitFor();
  await page.getByTestId('score-1').click();
  await page.getByTestId('rate-submit').click();
  await page.locator('.ant-form-item-explain-error').first().waitFor();
  await page.getByTestId('rate-comment').fill('窗口告知材料不一次说清，让我跑了两趟');
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBe(PHONE.width);
  await screenshot(page, 'rating-form-phone');
  await page.getByTestId('rate-submit').click();
  await page.getByTestId('rate-done').waitFor();

  // The market regulator's reviewer finds the 差评整改 case, records the contact and closes it.
  page = reviewer.page;
  await page.getByTestId('nav-workbench-rectifications').first().click();
  await page.waitForURL('**/workbench/rectifications');
  await settle(page);
  const row = page.locator('tr', { hasText: app.applicationNo });
  await row.waitFor();
  await screenshot(page, 'rectifications-desktop');
  await row.click();
  await page.waitForURL('**/workbench/rectifications/*');
  await expect(page.getByTestId('rect-state').textContent()).resolves.toBe('待联系');
  await expect(page.getByTestId('rect-comment').textContent()).resolves.toContain('跑了两趟');
  const steps: Array<[string, string, string]> = [
    ['recordContact', '已电话联系王女士并致歉，说明一次性告知的改进措施', '整改中'],
    ['rectify', '窗口重新培训一次性告知制度，修订办事指南', '待回访'],
    ['reportBack', '回访：申请人认可整改结果', '已办结'],
  ];
  for (const [action, note, state] of steps) {
    await page.getByTestId(`rect-act-${action}`).click();
    await page.getByTestId('rect-note').fill(note);
    await page.getByTestId('rect-act-ok').click();
    await expect.poll(() => page.getByTestId('rect-state').textContent(), { timeout: 10_000 }).toBe(state);
  }
  await expect(page.getByTestId('rect-log-1').textContent()).resolves.toContain('电话');
  await screenshot(page, 'rectification-desktop');

  // The public page counts it: one more 差评, and one more rectified.
  for (const [viewport, name] of [
    [PHONE, 'ratings-phone'],
    [DESKTOP, 'ratings-desktop'],
  ] as const) {
    const visitor = await openPage(baseUrl, viewport);
    opened.push(visitor);
    await visitor.page.goto('/ratings');
    await visitor.page.getByTestId('ratings-ranking').waitFor();
    await settle(visitor.page);
    await expect(visitor.page.getByTestId('stats-rectified').textContent()).resolves.toBe(
      `${before.rectified + 1}/${before.poor + 1}`,
    );
    await expect(visitor.page.getByTestId('ratings-ranking').textContent()).resolves.toContain(
      '市场监督管理局',
    );
    if (viewport === PHONE)
      expect(await visitor.page.evaluate('document.documentElement.scrollWidth')).toBe(PHONE.width);
    await screenshot(visitor.page, name);
    expect(visitor.errors).toEqual([]);
  }
  expect(citizen.errors).toEqual([]);
  expect(reviewer.errors).toEqual([]);
});
