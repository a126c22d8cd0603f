import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { afterEach, expect, inject, test } from 'vitest';
import { DESKTOP, PHONE, csrfToken, openPage, screenshot, staffLogin, type OpenedPage } from './harness';

/**
 * 一网统管 from a sensor to a closed order: a water-level reading above threshold is published to
 * the machine's Mosquitto → one alarm (a second high reading updates it) → a work order
 * dispatched to the sensor's street by the routing table → it appears on the operations
 * screen's live feed → the street's handler feeds back → the grid inspector verifies on a phone
 * → closed; the screen's counters move accordingly.
 *
 * Other journeys open and close orders on the same server meanwhile (they run two at a time), so
 * the open counter is checked against the server's own count of the moment, with this order in it
 * and then out of it, rather than against a number read a minute earlier.
 */

const MQTT_URL = process.env.E2E_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
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

/** Publish readings as a device would: QoS 1, resolved when the broker has them. */
async function publish(sensorId: string, readings: { ts: Date; waterLevel: number }[]) {
  const client = await mqtt.connectAsync(MQTT_URL, {
    clientId: `e2e-device-${sensorId}`,
    protocolVersion: 5,
  });
  try {
    for (const r of readings) {
      await client.publishAsync(
        `yiwang/sensors/${sensorId}/readings`,
        JSON.stringify({ ts: r.ts.toISOString(), metrics: { water_level: r.waterLevel } }),
        { qos: 1 },
      );
    }
  } finally {
    await client.endAsync();
  }
}

type Alarm = {
  id: string;
  state: string;
  readingCount: number;
  workOrderId: string | null;
  peakValue: number;
};

async function alarmsOf(page: Page, sensorId: string): Promise<Alarm[]> {
  const res = await call(page, 'GET', `/api/sensor-alarms?sensorId=${sensorId}`);
  expect(res.status).toBe(200);
  return (res.body as unknown as { items: Alarm[] }).items;
}

/** Poll until `check` holds (the ingester commits in batches of a few milliseconds). */
async function until<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A counter of the screen as a number ('1,234' → 1234; NaN while it loads). */
const counter = async (page: Page, testId: string) =>
  Number(
    ((await page.getByTestId(testId).locator('.ops-counter-value').textContent()) ?? '').replace(
      /[,\s]/g,
      '',
    ),
  );

/**
 * The screen's open counter once it shows the server's count of open orders (read with the
 * screen's own session), within the 20 s of {@link until}: sooner than the screen's once-a-minute
 * refresh, so it is the live feed that moved it. Alone on the server that count is the earlier
 * one plus or minus this journey's order; with other journeys running, theirs move it too.
 */
async function openCounterAgrees(screen: Page, what: string): Promise<void> {
  await until(
    what,
    async () => {
      const summary = (await call(screen, 'GET', '/api/cityops/screen/summary')).body as unknown as {
        counters: { open: number };
      };
      return { shown: await counter(screen, 'ops-open'), server: summary.counters.open };
    },
    ({ shown, server }) => shown === server,
  );
}

test('a high water level becomes one alarm, an order for the street, live on the screen, handled, verified and closed', async () => {
  const baseUrl = inject('baseUrl');

  // The district administrator registers a water-level sensor in a committee of 北外滩街道.
  const a = await openPage(baseUrl, DESKTOP);
  opened.push(a);
  await staffLogin(a.page, 'admin');
  const places = (await call(a.page, 'GET', '/api/cityops/places')).body as unknown as {
    items: { id: string; name: string; kind: string; streetId?: string; parentId?: string }[];
  };
  const street = places.items.find((p) => p.name === '北外滩街道')!;
  const sensorId = `E2E-WL-${Date.now().toString(36).toUpperCase()}`;
  const registered = await call(a.page, 'POST', '/api/sensors', {
    id: sensorId,
    typeCode: 'water-level',
    model: 'e2e 超声波水位计',
    streetId: street.id,
    latitude: 31.2497,
    longitude: 121.496,
    address: '东大名路 501 号 下立交',
    intervalS: 60,
  });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);

  // The operations screen, open before the reading arrives.
  const screen = await openPage(baseUrl, { width: 1920, height: 1080 });
  opened.push(screen);
  await staffLogin(screen.page, 'dispatcher');
  await screen.page.goto('/ops-screen');
  await screen.page.getByTestId('ops-counters').waitFor();
  await screen.page.locator('[data-testid="ops-live-state"].on').waitFor();
  await until(
    'the counters',
    () => counter(screen.page, 'ops-open'),
    (n) => Number.isFinite(n),
  );

  // Two readings above the 0.15 m threshold, a minute apart: one alarm, updated, not two.
  const now = Date.now();
  await publish(sensorId, [{ ts: new Date(now - 60_000), waterLevel: 0.21 }]);
  const first = await until(
    'the alarm and its order',
    () => alarmsOf(a.page, sensorId),
    (xs) => xs.length === 1 && !!xs[0]!.workOrderId,
  );
  await publish(sensorId, [{ ts: new Date(now), waterLevel: 0.24 }]);
  const [updated] = await until(
    'the alarm to take the second reading',
    () => alarmsOf(a.page, sensorId),
    (xs) => xs.length === 1 && xs[0]!.readingCount >= 2,
  );
  expect(updated!.id).toBe(first[0]!.id);
  expect(updated!.peakValue).toBeCloseTo(0.24);
  const orderId = updated!.workOrderId!;

  // The order: from the sensor, dispatched to 北外滩街道 by the routing table.
  const detail = (await call(a.page, 'GET', `/api/work-orders/${orderId}`)).body as unknown as {
    order: { orderNo: string; state: string; source: string; responsibleUnitName: string };
  };
  expect(detail.order).toMatchObject({
    source: 'sensor',
    state: 'dispatched',
    responsibleUnitName: '北外滩街道',
  });
  const orderNo = detail.order.orderNo;

  // Live on the screen: the feed shows the order, and the open counter counts it.
  await screen.page.getByTestId('ops-feed').getByText(orderNo).first().waitFor();
  await openCounterAgrees(screen.page, 'the open counter to count the order');
  await screenshot(screen.page, 'sensor-alarm-ops-screen');

  // The street's handler feeds back from the order page.
  const h = await openPage(baseUrl, DESKTOP);
  opened.push(h);
  await staffLogin(h.page, 'bwt-handler');
  await h.page.goto(`/workbench/work-orders/${orderId}`);
  await h.page.getByTestId('wo-state').filter({ hasText: '已派遣' }).waitFor();
  await h.page.getByTestId('wo-action').click();
  await h.page.locator('.ant-select-item-option[title="处理反馈"]').click();
  await h.page.getByTestId('wo-comment').fill('已疏通雨水口，积水已排除');
  await h.page.getByTestId('wo-submit').click();
  await h.page.getByTestId('wo-state').filter({ hasText: '处理反馈' }).waitFor();

  // The grid inspector verifies on a phone: 待核查 → 核查通过 → closed.
  const i = await openPage(baseUrl, PHONE);
  opened.push(i);
  await staffLogin(i.page, 'bwt-inspector');
  await i.page.goto('/workbench/inspector');
  await i.page.getByTestId('tab-verify').click();
  const card = i.page.getByTestId('verify-card').filter({ hasText: orderNo });
  await card.waitFor();
  await card.getByTestId('verify-pass').click();
  await i.page.getByTestId('verify-comment').fill('现场核查，积水已清除');
  await i.page.getByTestId('verify-modal').locator('.ant-btn-primary').click();
  await card.waitFor({ state: 'detached' });
  await screenshot(i.page, 'sensor-alarm-inspector-verified');
  const closed = (await call(a.page, 'GET', `/api/work-orders/${orderId}`)).body as unknown as {
    order: { state: string; outcome: string };
  };
  expect(closed.order).toMatchObject({ state: 'closed', outcome: 'resolved' });

  // The screen follows: the open counter no longer counts it.
  await openCounterAgrees(screen.page, 'the open counter to drop the closed order');
  await screenshot(screen.page, 'sensor-alarm-ops-screen-closed');

  for (const o of [a, screen, h, i]) expect(o.errors).toEqual([]);
});
