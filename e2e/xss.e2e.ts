import type { Page } from 'playwright-core';
import { afterEach, expect, inject, test } from 'vitest';
import { DEMO_PASSWORD, DESKTOP, csrfToken, openPage, staffLogin, type OpenedPage } from './harness';

/**
 * Stored text is shown as text everywhere (issue 6, item 4): a work order and an application
 * whose texts are `<img src=x onerror=alert(1)>` and `<script>…</script>` are filed over the API,
 * then every page that shows them is visited in Chromium. On each: the markup is visible as
 * literal text, no dialog opened, no <img src=x> exists, the script's global is unset, and no
 * console error or CSP violation was reported.
 */

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>window.__xss = 1; alert(2)</script>';

const opened: OpenedPage[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
});

/** A page that records every dialog (and dismisses it). */
async function open(baseUrl: string) {
  const o = await openPage(baseUrl, DESKTOP);
  opened.push(o);
  // lazily loaded pages (ECharts, the application views) can take long on a loaded machine
  o.context.setDefaultTimeout(60_000);
  const dialogs: string[] = [];
  o.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return { ...o, dialogs };
}

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning, .ant-skeleton-active').first().waitFor({ state: 'detached' });
}

/** On the current page: each text visible as text, and nothing of it executed. */
async function shownAsText(
  o: { page: Page; dialogs: string[]; errors: string[] },
  where: string,
  texts: string[],
) {
  await settle(o.page);
  for (const text of texts) {
    await o.page.getByText(text, { exact: false }).first().waitFor({ state: 'visible' });
  }
  expect(await o.page.locator('img[src="x"]').count(), `${where}: an <img src=x> was created`).toBe(0);
  expect(await o.page.evaluate('typeof window.__xss'), `${where}: the script ran`).toBe('undefined');
  expect(o.dialogs, `${where}: a dialog opened`).toEqual([]);
  expect(o.errors, `${where}: console errors`).toEqual([]);
}

test('a work order and an application holding HTML and script show it as text on every page', async () => {
  const baseUrl = inject('baseUrl');

  // The dispatcher files an order no routing rule covers: it waits on the dispatch desk.
  const d = await open(baseUrl);
  await staffLogin(d.page, 'dispatcher');
  const places = (await (await d.page.request.get('/api/cityops/places')).json()) as {
    items: { id: string; name: string }[];
  };
  const bwt = places.items.find((p) => p.name === '北外滩街道')!.id;
  const created = await d.page.request.post('/api/work-orders', {
    data: {
      categoryCode: 'E-0101',
      source: 'inspector',
      placeUnitId: bwt,
      description: `e2e xss ${IMG} ${SCRIPT}`,
      address: `东大名路 ${SCRIPT}`,
      reporterName: IMG,
    },
    headers: { 'x-csrf-token': await csrfToken(d.page) },
  });
  expect(created.status(), await created.text()).toBe(201);
  const order = ((await created.json()) as { order: { caseId: string; orderNo: string } }).order;

  // The dispatch desk's list shows the address.
  await d.page.goto('/workbench/dispatch', { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await d.page.getByTestId('dispatch-queue').locator('.ant-table-row').first().waitFor();
  await shownAsText(d, 'dispatch desk', [`东大名路 ${SCRIPT}`]);

  // The order's page shows the description and the address.
  await d.page.goto(`/workbench/work-orders/${order.caseId}`, {
    waitUntil: 'domcontentloaded',
    timeout: 60_000,
  });
  await d.page.getByTestId('work-order').waitFor();
  await shownAsText(d, 'work order page', [IMG, SCRIPT]);

  // The operations screen: counters, map (ECharts), feed, hot spots; then the street's order list.
  await d.page.goto('/ops-screen', { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await d.page.getByTestId('ops-map').waitFor({ timeout: 60_000 });
  await shownAsText(d, 'operations screen', []);
  // hovering across the map brings up ECharts tooltips (HTML strings, escaped)
  const box = (await d.page.getByTestId('ops-map').boundingBox())!;
  for (let x = 0.2; x < 0.9; x += 0.1)
    for (let y = 0.2; y < 0.9; y += 0.1)
      await d.page.mouse.move(box.x + box.width * x, box.y + box.height * y);
  await shownAsText(d, 'operations screen map tooltips', []);

  // The enterprise applies for 食品经营许可 with HTML in its shop name and business items.
  const e = await open(baseUrl);
  const found = (await (await e.page.request.get('/api/catalogue/items?q=食品经营许可')).json()) as {
    items: { code: string; name: string }[];
  };
  const code = found.items.find((i) => i.name === '食品经营许可（新办）')!.code;
  await e.page.goto('/public/login', { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await e.page.getByTestId('public-login-account').fill('13900001003');
  await e.page.getByTestId('public-login-password').fill(DEMO_PASSWORD);
  await e.page.getByTestId('public-login-submit').click();
  await e.page.waitForURL('**/me');
  const pdf = {
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
  };
  const materials = Object.fromEntries(
    ['application', 'premisesProof', 'staffIdentity', 'layout', 'safetyRules'].map((k) => [
      `material.${k}`,
      { name: `${IMG}.pdf`, ...pdf },
    ]),
  );
  const applied = await e.page.request.post('/api/applications', {
    multipart: {
      payload: JSON.stringify({
        itemCode: code,
        tolerated: ['equipmentList'],
        form: {
          enterpriseName: '上海一网演示科技有限公司',
          creditCode: '91310109MA1HKQ3W56',
          address: '上海市虹口区东大名路 1 号',
          legalRepName: '李建国',
          contactPhone: '13900001003',
          shopName: IMG,
          businessItems: SCRIPT,
          premisesArea: 80,
          foodSafetyManager: '王晓红',
        },
      }),
      ...materials,
    },
    headers: { 'x-csrf-token': await csrfToken(e.page) },
  });
  expect(applied.status(), await applied.text()).toBe(201);
  const application = (await applied.json()) as { id: string; applicationNo?: string };

  // 我的办件 and the application's page, as the applicant.
  await e.page.goto('/me/applications', { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await e.page.locator('[data-testid^="my-application-"]').first().waitFor();
  await shownAsText(e, 'my applications', []);
  await e.page.goto(`/me/applications/${application.id}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await e.page.getByTestId('application-detail').waitFor();
  await shownAsText(e, 'my application', [IMG, SCRIPT]);

  // The reviewer's queue and the staff view of the application.
  const r = await open(baseUrl);
  await staffLogin(r.page, 'scjg-reviewer');
  await r.page.goto('/workbench/queue', { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await r.page.locator('[data-testid^="queue-row-"]').first().waitFor();
  await shownAsText(r, 'review queue', []);
  await r.page.goto(`/workbench/applications/${application.id}`, {
    waitUntil: 'domcontentloaded',
    timeout: 60_000,
  });
  await r.page.getByTestId('application-detail').waitFor();
  await shownAsText(r, 'staff application page', [IMG, SCRIPT]);
}, 300_000);
