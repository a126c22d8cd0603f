import { afterEach, expect, inject, test } from 'vitest';
import { DESKTOP, openPage, staffLogin, type OpenedPage } from './harness';

let opened: OpenedPage | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

/** GET /api/whoami as a machine client would call it: no cookie, the key in x-api-key. */
async function whoami(baseUrl: string, key: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${baseUrl}/api/whoami`, { headers: { 'x-api-key': key } });
  return { status: res.status, body: await res.json().catch(() => null) };
}

test('the district administrator creates a device key for 北外滩街道, uses it once, then revokes it', async () => {
  const baseUrl = inject('baseUrl');
  opened = await openPage(baseUrl, DESKTOP);
  const { page, errors } = opened;
  const name = `北外滩烟感网关-${Date.now().toString(36)}`;

  await staffLogin(page, 'admin');
  await page.getByTestId('nav-admin-api-keys').click();
  await page.waitForURL('**/admin/api-keys');
  await page.getByTestId('api-keys-table').waitFor();

  // 新建密钥: name, 设备网关 only, unit 北外滩街道 from the shared unit picker.
  await page.getByTestId('api-key-create').click();
  const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('api-key-name') });
  await modal.waitFor();
  await page.getByTestId('api-key-name').fill(name);
  const device = modal.locator('input[type="checkbox"][value="device"]');
  const integration = modal.locator('input[type="checkbox"][value="integration"]');
  if (!(await device.isChecked())) await page.getByTestId('api-key-role-device').click();
  if (await integration.isChecked()) await page.getByTestId('api-key-role-integration').click();
  await modal.locator('#api-key-form_unitId').click();
  await page.keyboard.type('北外滩');
  await page.locator('.ant-select-tree-treenode .ant-select-tree-title', { hasText: /^北外滩街道$/ }).click();
  await page.getByTestId('api-key-submit').click();

  // The secret, once, with the warning that it cannot be shown again.
  const secretModal = page.locator('.ant-modal').filter({ has: page.getByTestId('api-key-secret') });
  await secretModal.waitFor();
  await expect(page.getByTestId('api-key-secret-warning').textContent()).resolves.toContain('无法再次查看');
  await page.getByTestId('api-key-copy').waitFor();
  const key = ((await page.getByTestId('api-key-secret').textContent()) ?? '').trim();
  expect(key).toMatch(/^yk_[a-z0-9]{8}_[A-Za-z0-9_-]{20,}$/);
  const prefix = key.split('_')[1]!;

  // The key works, as itself.
  const before = await whoami(baseUrl, key);
  expect(before.status).toBe(200);
  expect(before.body).toMatchObject({ kind: 'api-key', label: `api-key:${name}`, roles: ['device'] });

  await page.getByTestId('api-key-secret-close').click();
  await secretModal.waitFor({ state: 'hidden' });
  // Gone for good: the page no longer holds the secret.
  expect(await page.locator('body').innerText()).not.toContain(key);

  const row = page
    .getByTestId('api-keys-table')
    .locator('tr', { has: page.getByText(name, { exact: true }) });
  await row.waitFor();
  const rowText = await row.textContent();
  expect(rowText).toContain(prefix);
  expect(rowText).toContain('设备网关');
  expect(rowText).not.toContain('外部系统');
  expect(rowText).toContain('北外滩街道');
  expect(rowText).toContain('有效');

  // 吊销 with confirmation; the row turns 已吊销 and the key stops working.
  await page.getByTestId(`api-key-revoke-${prefix}`).click();
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId(`api-key-revoked-${prefix}`).waitFor();
  await expect(row.textContent()).resolves.toContain('已吊销');
  expect(await page.getByTestId(`api-key-revoke-${prefix}`).count()).toBe(0);

  const after = await whoami(baseUrl, key);
  expect(after.status).toBe(401);

  expect(errors).toEqual([]);
});
