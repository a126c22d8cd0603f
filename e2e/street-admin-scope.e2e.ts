import type { APIRequestContext, Page } from 'playwright-core';
import { afterEach, expect, inject, test } from 'vitest';
import { DEMO_PASSWORD, DESKTOP, csrfToken, openPage, staffLogin, type OpenedPage } from './harness';

interface User {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  disabled: boolean;
  unit: { id: string; name: string };
}
interface Unit {
  id: string;
  name: string;
  kind: string;
}

const opened: OpenedPage[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.close()));
});

/** Sign in through the API only (no UI), in the page's context. */
async function apiLogin(page: Page, username: string): Promise<APIRequestContext> {
  const res = await page.request.post('/api/auth/login', {
    headers: { 'x-csrf-token': await csrfToken(page) },
    data: { username, password: DEMO_PASSWORD },
  });
  expect(res.status(), await res.text()).toBe(200);
  return page.request;
}

async function json<T>(request: APIRequestContext, url: string): Promise<T> {
  const res = await request.get(url);
  expect(res.status(), `${url}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

test('a 北外滩 street administrator can neither see nor change the accounts of 曲阳路街道', async () => {
  const baseUrl = inject('baseUrl');

  // The district administrator looks up 曲阳路街道 and qyl-admin through the API.
  const district = await openPage(baseUrl, DESKTOP);
  opened.push(district);
  await district.page.goto('/');
  const asDistrict = await apiLogin(district.page, 'admin');
  const streets = await json<{ items: Unit[] }>(asDistrict, '/api/units?kind=street&q=曲阳路');
  const quyanglu = streets.items.find((u) => u.name === '曲阳路街道');
  expect(quyanglu, JSON.stringify(streets.items)).toBeDefined();
  const found = await json<{ items: User[] }>(asDistrict, '/api/users?q=qyl-admin');
  const qylAdmin = found.items.find((u) => u.username === 'qyl-admin');
  expect(qylAdmin).toBeDefined();
  expect(qylAdmin!.unit.id).toBe(quyanglu!.id);

  // bwt-admin signs in through the UI; 用户管理 lists only 北外滩 accounts.
  const street = await openPage(baseUrl, DESKTOP);
  opened.push(street);
  const { page, errors } = street;
  await staffLogin(page, 'bwt-admin');
  expect(await page.getByTestId('header-unit').textContent()).toBe('北外滩街道');
  await page.getByTestId('nav-admin-users').click();
  await page.waitForURL('**/admin/users');
  const table = page.getByTestId('users-table');
  await table.getByText('bwt-handler', { exact: true }).waitFor();
  const usernames = await table.locator('tbody tr.ant-table-row td:first-child').allTextContents();
  expect(usernames).toContain('bwt-admin');
  expect(usernames).not.toContain('qyl-admin');
  expect(usernames).not.toContain('admin');
  expect(usernames).not.toContain('clerk');
  for (const name of usernames) expect(name === 'bwt-admin' || !name.startsWith('qyl-')).toBe(true);

  // Searching for the other street's administrator finds nothing.
  const search = page.getByPlaceholder('用户名或姓名');
  await search.fill('qyl-admin');
  await search.press('Enter');
  await table.locator('.ant-empty').waitFor();
  expect(await table.getByText('qyl-admin').count()).toBe(0);

  // The same browser context, through the API: refused.
  const asStreet = page.request;
  const headers = { 'x-csrf-token': await csrfToken(page) };
  const list = await asStreet.get(`/api/users?unitId=${quyanglu!.id}`);
  expect(list.status()).toBe(403);
  const own = await json<{ items: User[] }>(asStreet, '/api/users?pageSize=100');
  expect(own.items.map((u) => u.username)).not.toContain('qyl-admin');
  expect(own.items.every((u) => u.unit.name !== '曲阳路街道')).toBe(true);
  const read = await asStreet.get(`/api/users/${qylAdmin!.id}`);
  expect([403, 404]).toContain(read.status());
  const patch = await asStreet.patch(`/api/users/${qylAdmin!.id}`, {
    headers,
    data: { displayName: '被北外滩改过', disabled: true },
  });
  expect([403, 404]).toContain(patch.status());
  const reset = await asStreet.post(`/api/users/${qylAdmin!.id}/password`, {
    headers,
    data: { password: 'Hijacked@2026' },
  });
  expect([403, 404]).toContain(reset.status());
  // Nor may an account be moved into 曲阳路街道.
  const bwtHandler = own.items.find((u) => u.username === 'bwt-handler')!;
  const move = await asStreet.patch(`/api/users/${bwtHandler.id}`, {
    headers,
    data: { unitId: quyanglu!.id },
  });
  expect(move.status()).toBe(403);

  // The district administrator sees qyl-admin unchanged, and it still signs in with its password.
  const after = await json<User>(asDistrict, `/api/users/${qylAdmin!.id}`);
  expect(after).toEqual(qylAdmin);
  const qyl = await openPage(baseUrl, DESKTOP);
  opened.push(qyl);
  await qyl.page.goto('/');
  await apiLogin(qyl.page, 'qyl-admin');
  const handlerAfter = await json<User>(asDistrict, `/api/users/${bwtHandler.id}`);
  expect(handlerAfter.unit.id).toBe(bwtHandler.unit.id);

  expect(errors).toEqual([]);
  expect(district.errors).toEqual([]);
});
