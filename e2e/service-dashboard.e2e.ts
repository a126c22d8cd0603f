import { afterEach, expect, inject, test } from 'vitest';
import { DESKTOP, openPage, screenshot, staffLogin, type OpenedPage } from './harness';

const opened: OpenedPage[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
});

const CARDS = ['fully-online', 'avg-days', 'on-time', 'zero-visit', 'setup', 'within'];

for (const viewport of [DESKTOP, { width: 1920, height: 1080 }]) {
  test(`the demo leader opens 一网通办看板 at ${viewport.width} px: cards, the trend chart and the department table`, async () => {
    const o = await openPage(inject('baseUrl'), viewport);
    opened.push(o);
    const { page, errors } = o;
    await staffLogin(page, 'leader');
    await page.getByTestId('nav-workbench-service-dashboard').click();
    await page.waitForURL('**/workbench/service-dashboard');

    for (const card of CARDS) {
      const el = page.getByTestId(`kpi-card-${card}`);
      await el.locator('.ant-statistic').waitFor();
    }
    expect(await page.getByTestId('kpi-card-fully-online').textContent()).toContain('全程网办率');
    expect(await page.getByTestId('kpi-card-avg-days').textContent()).toContain('平均办理时长');
    await page.getByTestId('kpi-target-line').waitFor();
    await page.getByTestId('kpi-trend-chart').locator('canvas').waitFor();
    // With no case decided yet the on-time chart says so rather than draw nothing; once other
    // journeys have decided cases on the shared server, it draws.
    await page
      .locator('[data-testid="kpi-ontime-empty"], [data-testid="kpi-ontime-chart"] canvas')
      .first()
      .waitFor();
    await page.getByTestId('kpi-departments').waitFor();
    const xlsxHref = await page.getByTestId('kpi-export-xlsx').getAttribute('href');
    expect(xlsxHref).toMatch(/^\/api\/service-kpis\/export\.xlsx\?from=\d{4}-\d{2}-\d{2}&to=/);
    const status = await page.evaluate(
      `fetch(${JSON.stringify(xlsxHref)}).then(async (r) => [r.status, new Uint8Array(await r.arrayBuffer()).slice(0, 2).join(',')])`,
    );
    expect(status).toEqual([200, '80,75']); // "PK": a zip
    await screenshot(page, `service-dashboard-${viewport.width}`);
    expect(errors).toEqual([]);
  });
}
