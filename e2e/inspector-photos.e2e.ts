import type { Page } from 'playwright-core';
import { afterEach, expect, inject, test } from 'vitest';
import { DESKTOP, PHONE, csrfToken, openPage, screenshot, staffLogin, type OpenedPage } from './harness';

/**
 * The grid inspector's phone page and photos end to end, at 375 px: the inspector reports 暴露垃圾
 * with a photo and the browser's position; the street's handler feeds back with two photos on
 * the order page; the inspector sees them under 待核查, opens the lightbox, verifies with a photo
 * and closes; the order page shows the photos by stage.
 */

const opened: OpenedPage[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
});

/** A 1600×1200 JPEG drawn by the browser, the size of a phone photo's long side. */
async function photo(page: Page, label: string) {
  // a string, not a function: the e2e code is type-checked without the DOM library
  const b64 = (await page.evaluate(`(() => {
    const c = document.createElement('canvas');
    c.width = 1600;
    c.height = 1200;
    const g = c.getContext('2d');
    g.fillStyle = '#6b5a3a';
    g.fillRect(0, 0, 1600, 1200);
    for (let i = 0; i < 300; i++) {
      g.fillStyle = 'hsl(' + ((i * 37) % 360) + ',60%,50%)';
      g.fillRect((i * 97) % 1600, (i * 53) % 1200, 30, 30);
    }
    g.fillStyle = '#fff';
    g.font = 'bold 120px sans-serif';
    g.fillText(${JSON.stringify(label)}, 120, 640);
    return c.toDataURL('image/jpeg', 0.92).split(',')[1];
  })()`)) as string;
  return { name: `${label}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from(b64, 'base64') };
}

test('an inspector reports with a photo; the handler feeds back with photos; the inspector verifies and closes', async () => {
  const baseUrl = inject('baseUrl');
  const i = await openPage(baseUrl, PHONE);
  opened.push(i);
  await i.context.grantPermissions(['geolocation'], { origin: baseUrl });
  await i.context.setGeolocation({ latitude: 31.25052, longitude: 121.49531, accuracy: 10 });
  await staffLogin(i.page, 'bwt-inspector');
  await i.page.goto('/workbench/inspector');
  await i.page.getByTestId('inspector-report').waitFor();
  await i.page.getByTestId('inspector-report-category').click();
  await i.page.keyboard.type('暴露垃圾');
  await i.page.locator('.ant-select-item-option[title="暴露垃圾"]').first().click();
  await expect.poll(() => i.page.getByTestId('inspector-report-place').innerText()).toContain('北外滩街道');
  await i.page.getByTestId('inspector-report-locate').click();
  await i.page.getByTestId('inspector-report-located').waitFor();
  await i.page.getByTestId('inspector-report-photos-input').setInputFiles(await photo(i.page, 'scene'));
  await i.page.locator('.yw-photo-thumb img').first().waitFor();
  await i.page.getByTestId('inspector-report-description').fill('路口有成堆生活垃圾，影响通行（e2e）');
  await i.page.getByTestId('inspector-report-submit').click();
  const done = i.page.getByTestId('inspector-report-done');
  await done.waitFor();
  const orderNo = /GD\d{14}/.exec(await done.innerText())![0];
  await screenshot(i.page, 'inspector-reported-phone');

  // the dispatcher routes it to the street if no rule did
  const d = await openPage(baseUrl, DESKTOP);
  opened.push(d);
  await staffLogin(d.page, 'dispatcher');
  const all = (await (await d.page.request.get('/api/work-orders?view=all&pageSize=100')).json()) as {
    items: { caseId: string; orderNo: string; state: string; version: number; latitude: number | null }[];
  };
  const order = all.items.find((o) => o.orderNo === orderNo)!;
  expect(order.latitude).toBeCloseTo(31.25052, 4);
  if (order.state === 'filed') {
    const places = (await (await d.page.request.get('/api/cityops/places')).json()) as {
      items: { id: string; name: string }[];
    };
    const res = await d.page.request.post(`/api/work-orders/${order.caseId}/actions`, {
      data: {
        action: 'dispatch',
        expectedVersion: order.version,
        data: { unitId: places.items.find((p) => p.name === '北外滩街道')!.id },
      },
      headers: { 'x-csrf-token': await csrfToken(d.page) },
    });
    expect(res.status()).toBe(200);
  }

  // the handler accepts and feeds back with two photos
  const h = await openPage(baseUrl, PHONE);
  opened.push(h);
  await staffLogin(h.page, 'bwt-handler');
  await h.page.goto(`/workbench/work-orders/${order.caseId}`);
  await h.page.getByTestId('wo-photos-card').getByTestId('photos-report').waitFor();
  for (const [action, state] of [
    ['签收', '处置中'],
    ['处理反馈', '处理反馈'],
  ] as const) {
    await h.page.getByTestId('wo-action').click();
    await h.page.locator(`.ant-select-item-option[title="${action}"]`).click();
    if (action === '处理反馈') {
      await h.page
        .getByTestId('wo-photos-input')
        .setInputFiles([await photo(h.page, 'after-1'), await photo(h.page, 'after-2')]);
      await h.page.locator('.yw-photo-thumb img').nth(1).waitFor();
      await h.page.getByTestId('wo-comment').fill('已清运，现场恢复整洁');
    }
    await h.page.getByTestId('wo-submit').click();
    await h.page.getByTestId('wo-state').filter({ hasText: state }).waitFor();
  }
  await expect.poll(() => h.page.getByTestId('photos-feedback').locator('.ant-image').count()).toBe(2);

  // the inspector verifies from 待核查
  await i.page.goto('/workbench/inspector');
  await i.page.getByTestId('tab-verify').click();
  const card = i.page.getByTestId('verify-card').filter({ hasText: orderNo });
  await card.waitFor();
  await expect.poll(() => card.locator('.ant-image').count()).toBe(3);
  await card.locator('.ant-image').nth(1).click();
  await i.page.locator('.ant-image-preview').first().waitFor();
  await screenshot(i.page, 'inspector-lightbox-phone');
  await i.page.keyboard.press('Escape');
  await i.page.locator('.ant-image-preview').first().waitFor({ state: 'hidden' });
  await card.getByTestId('verify-pass').click();
  await i.page.getByTestId('verify-photos-input').setInputFiles(await photo(i.page, 'check'));
  await i.page.locator('.ant-modal .yw-photo-thumb img').first().waitFor();
  await i.page.getByTestId('verify-comment').fill('现场核查已清理');
  await i.page.locator('.ant-modal-footer .ant-btn-primary').click();
  await card.waitFor({ state: 'detached' });

  await d.page.goto(`/workbench/work-orders/${order.caseId}`);
  await d.page.getByTestId('wo-state').filter({ hasText: '已结案' }).waitFor();
  const stages = d.page.getByTestId('wo-photos-card');
  await expect.poll(() => stages.getByTestId('photos-verification').locator('.ant-image').count()).toBe(1);
  await expect.poll(() => stages.getByTestId('photos-feedback').locator('.ant-image').count()).toBe(2);
  await screenshot(d.page, 'work-order-photos-desktop');
  for (const o of [i, h, d]) expect(o.errors, o.errors.join('\n')).toEqual([]);
}, 300_000);
