import type { Page } from 'playwright-core';
import { afterEach, expect, inject, test } from 'vitest';
import { DESKTOP, csrfToken, openPage, screenshot, staffLogin, type OpenedPage } from './harness';

/**
 * 一网统管 work orders end to end: a 12345 call is recorded over the API and dispatched at once by
 * a routing rule; an order no rule covers waits on the dispatcher's desk and is listed as a
 * routing gap; the street's handler feeds back from 我的工单; the dispatcher closes it with an
 * outcome and records an unsatisfied callback, which reopens it (重办).
 */

const opened: OpenedPage[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
});

async function call(page: Page, method: 'GET' | 'POST', url: string, data?: unknown) {
  const res =
    method === 'GET'
      ? await page.request.get(url)
      : await page.request.post(url, { data, headers: { 'x-csrf-token': await csrfToken(page) } });
  return { status: res.status(), body: (await res.json().catch(() => ({}))) as Record<string, never> };
}

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning, .ant-skeleton-active').first().waitFor({ state: 'detached' });
}

async function choose(page: Page, testId: string, title: string) {
  await page.getByTestId(testId).click();
  await page.locator(`.ant-select-item-option[title="${title}"]`).click();
}

/** Take an action from the order page and wait until the order shows its new state. */
async function act(
  page: Page,
  action: string,
  comment: string,
  expectedState: string,
  extra?: (page: Page) => Promise<void>,
) {
  await choose(page, 'wo-action', action);
  await extra?.(page);
  await page.getByTestId('wo-comment').fill(comment);
  await page.getByTestId('wo-submit').click();
  await page.getByTestId('wo-state').filter({ hasText: expectedState }).waitFor();
}

test('a 12345 complaint is dispatched by rule, fed back, closed, and an unsatisfied callback reopens it', async () => {
  const baseUrl = inject('baseUrl');
  const d = await openPage(baseUrl, DESKTOP);
  opened.push(d);
  await staffLogin(d.page, 'dispatcher');
  const places = (await call(d.page, 'GET', '/api/cityops/places')).body as unknown as {
    items: { id: string; name: string }[];
  };
  const bwt = places.items.find((p) => p.name === '北外滩街道')!.id;
  const rule = await call(d.page, 'POST', '/api/cityops/routing-rules', {
    categoryCode: 'H-complaint',
    placeUnitId: bwt,
    unitId: bwt,
  });
  expect([201, 409]).toContain(rule.status);
  const created = await call(d.page, 'POST', '/api/work-orders', {
    categoryCode: 'H-complaint',
    source: 'hotline',
    placeUnitId: bwt,
    description: `e2e 夜间施工噪音扰民 ${Date.now()}`,
    reporterPhone: '13812345678',
  });
  expect(created.status).toBe(201);
  const order = (created.body as unknown as { order: { orderNo: string; state: string } }).order;
  expect(order.state).toBe('dispatched');
  const gapOrder = await call(d.page, 'POST', '/api/work-orders', {
    categoryCode: 'E-0101',
    source: 'inspector',
    placeUnitId: bwt,
    description: 'e2e 屋顶违法搭建',
  });
  expect(gapOrder.status).toBe(201);

  // The dispatcher's desk: the unrouted order first, and the gap listed.
  await d.page.getByTestId('nav-workbench-dispatch').click();
  await d.page.waitForURL('**/workbench/dispatch');
  await settle(d.page);
  await d.page.getByTestId('dispatch-queue').locator('.ant-table-row').first().waitFor();
  expect(
    await d.page.getByTestId('dispatch-queue').locator('.ant-table-row').first().textContent(),
  ).toContain('待派遣');
  await d.page.getByRole('tab', { name: /派遣规则缺口/ }).click();
  await d.page.getByTestId('routing-gaps').getByText('E-0101', { exact: false }).first().waitFor();
  await screenshot(d.page, 'work-orders-dispatch-desk');

  // The street's handler feeds back from 我的工单.
  const h = await openPage(baseUrl, DESKTOP);
  opened.push(h);
  await staffLogin(h.page, 'bwt-handler');
  await h.page.getByTestId('nav-workbench-my-orders').click();
  await h.page.waitForURL('**/workbench/my-orders');
  await h.page.getByTestId(`wo-row-${order.orderNo}`).click();
  await h.page.waitForURL('**/workbench/work-orders/*');
  // the caller's phone is masked for the street
  await h.page.getByTestId('work-order').getByText('138****5678').waitFor();
  await act(h.page, '处理反馈', '已联系施工方停止夜间施工', '处理反馈');

  // The dispatcher closes it with an outcome, then records an unsatisfied callback: 重办.
  await d.page.goto(h.page.url().replace(baseUrl, ''));
  await d.page.getByTestId('wo-state').filter({ hasText: '处理反馈' }).waitFor();
  await act(d.page, '结案', '核查属实，已解决', '已结案', (p) => choose(p, 'wo-outcome', '已解决'));
  await act(d.page, '回访', '市民表示仍有噪音', '处置中', (p) =>
    p.getByTestId('wo-satisfaction').locator('.ant-rate-star').nth(1).click(),
  );
  await d.page.getByTestId('wo-timeline').getByText('重办', { exact: true }).waitFor();
  await screenshot(d.page, 'work-orders-reopened');
  expect(d.errors).toEqual([]);
  expect(h.errors).toEqual([]);
});
