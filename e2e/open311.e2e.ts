import { parseStringPromise } from 'xml2js';
import { afterEach, expect, inject, test } from 'vitest';
import { DESKTOP, openPage, staffLogin, type OpenedPage } from './harness';

/**
 * An Open311 GeoReport v2 client against the running server, as a third-party system would use
 * it: the district administrator issues it an integration key in the browser; the client, with
 * nothing but HTTP, form encoding and an XML parser, lists the services, reads a service
 * definition, posts a request with its `api_key` and reads it back, in JSON and in XML; a bad
 * key gets 403 in the spec's error format.
 */

let opened: OpenedPage | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

const GARBAGE = 'E-0102'; // 暴露垃圾

/** The administrator creates an integration key for the district in 接口密钥 and reads its secret once. */
async function issueIntegrationKey(baseUrl: string): Promise<string> {
  opened = await openPage(baseUrl, DESKTOP);
  const { page } = opened;
  await staffLogin(page, 'admin');
  await page.getByTestId('nav-admin-api-keys').click();
  await page.waitForURL('**/admin/api-keys');
  await page.getByTestId('api-keys-table').waitFor();
  await page.getByTestId('api-key-create').click();
  const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('api-key-name') });
  await modal.waitFor();
  await page.getByTestId('api-key-name').fill(`Open311 客户端-${Date.now().toString(36)}`);
  const device = modal.locator('input[type="checkbox"][value="device"]');
  const integration = modal.locator('input[type="checkbox"][value="integration"]');
  if (await device.isChecked()) await page.getByTestId('api-key-role-device').click();
  if (!(await integration.isChecked())) await page.getByTestId('api-key-role-integration').click();
  await modal.locator('#api-key-form_unitId').click();
  await page.keyboard.type('虹口区');
  await page.locator('.ant-select-tree-treenode .ant-select-tree-title', { hasText: /^虹口区$/ }).click();
  await page.getByTestId('api-key-submit').click();
  await page.getByTestId('api-key-secret').waitFor();
  const key = ((await page.getByTestId('api-key-secret').textContent()) ?? '').trim();
  expect(opened.errors).toEqual([]);
  return key;
}

test('an Open311 client lists services, posts a request with its api_key, reads it back; a bad key gets 403', async () => {
  const baseUrl = inject('baseUrl');
  const key = await issueIntegrationKey(baseUrl);
  expect(key).toMatch(/^yk_/);
  const v2 = `${baseUrl}/open311/v2`;

  // Services: JSON and XML list the same codes.
  const services = (await (await fetch(`${v2}/services.json`)).json()) as {
    service_code: string;
    service_name: string;
    metadata: boolean;
    type: string;
  }[];
  const garbage = services.find((s) => s.service_code === GARBAGE);
  expect(garbage).toMatchObject({ service_name: expect.stringContaining('垃圾'), type: 'realtime' });
  const xmlServices = await parseStringPromise(await (await fetch(`${v2}/services.xml`)).text());
  const xmlCodes = (xmlServices.services.service as { service_code: string[] }[]).map(
    (s) => s.service_code[0],
  );
  expect(xmlCodes).toEqual(services.map((s) => s.service_code));

  // A service definition (attributes), when the service has metadata.
  const withMetadata = services.find((s) => s.metadata);
  if (withMetadata) {
    const def = await fetch(`${v2}/services/${withMetadata.service_code}.json`);
    expect(def.status).toBe(200);
    expect(await def.json()).toMatchObject({ service_code: withMetadata.service_code });
  }

  // POST requests: form-encoded, with the api_key, somewhere in 北外滩.
  const body = new URLSearchParams({
    api_key: key,
    service_code: GARBAGE,
    lat: '31.2497',
    long: '121.4960',
    address_string: '北外滩街道 东大名路 501 号附近',
    description: `Open311 客户端上报：人行道上成堆生活垃圾 ${Date.now()}`,
    first_name: '三',
    last_name: '张',
    phone: '13812345678',
  });
  const posted = await fetch(`${v2}/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  expect(posted.status, await posted.clone().text()).toBe(201);
  const [created] = (await posted.json()) as { service_request_id?: string; token?: string }[];
  expect(created?.service_request_id).toBeTruthy();
  const id = created!.service_request_id!;

  // Read it back, JSON and XML. The public sees status and place; the client's key also shows
  // the reporter's description.
  const [one] = (await (await fetch(`${v2}/requests/${id}.json?api_key=${key}`)).json()) as {
    service_request_id: string;
    status: string;
    service_code: string;
    description: string;
  }[];
  expect(one).toMatchObject({ service_request_id: id, status: 'open', service_code: GARBAGE });
  expect(one!.description).toContain('成堆生活垃圾');
  const [anonymous] = (await (await fetch(`${v2}/requests/${id}.json`)).json()) as { description: null }[];
  expect(anonymous).toMatchObject({ service_request_id: id, description: null });
  const xmlOne = await parseStringPromise(await (await fetch(`${v2}/requests/${id}.xml`)).text());
  expect(xmlOne.service_requests.request[0].service_request_id[0]).toBe(id);
  const listed = (await (await fetch(`${v2}/requests.json?service_code=${GARBAGE}&status=open`)).json()) as {
    service_request_id: string;
  }[];
  expect(listed.map((r) => r.service_request_id)).toContain(id);

  // A bad api_key: 403, in the spec's error format, in JSON and in XML.
  const bad = new URLSearchParams(body);
  bad.set('api_key', 'yk_notakey_000000000000000000000000');
  const refused = await fetch(`${v2}/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: bad,
  });
  expect(refused.status).toBe(403);
  const [error] = (await refused.json()) as { code: number; description: string }[];
  expect(error).toMatchObject({ code: 403, description: expect.any(String) });
  const refusedXml = await fetch(`${v2}/requests.xml`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: bad,
  });
  expect(refusedXml.status).toBe(403);
  const xmlError = await parseStringPromise(await refusedXml.text());
  expect(xmlError.errors.error[0].code[0]).toBe('403');
});
