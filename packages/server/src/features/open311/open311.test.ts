import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREET } from '@yiwang/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let apiKey: string;
let streetName: string;
const GARBAGE = 'E-0102'; // 暴露垃圾

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (url: string, fields: Record<string, string>) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form(fields),
  });

beforeAll(async () => {
  t = await createTestApp();
  const district = await t.ctx.db
    .selectFrom('org_unit')
    .select('id')
    .where('kind', '=', 'district')
    .executeTakeFirstOrThrow();
  const street = await t.ctx.db
    .selectFrom('org_unit')
    .select('name')
    .where('code', '=', STREET.beiwaitan)
    .executeTakeFirstOrThrow();
  streetName = street.name;
  const admin = await t.staff('admin');
  const res = await admin.post('/api/api-keys', {
    name: 'Open311 client',
    roles: ['integration'],
    unitId: district.id,
  });
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json<Record<string, unknown>>();
  apiKey = String(body.key ?? body.secret ?? body.apiKey);
  expect(apiKey).toMatch(/^yk_/);
});
afterAll(() => t.close());

describe('Open311 GeoReport v2', () => {
  it('lists services in JSON and XML', async () => {
    const json = await t.app.inject({ method: 'GET', url: '/open311/v2/services.json' });
    expect(json.statusCode, json.body).toBe(200);
    const services = json.json<{ service_code: string; type: string; group: string }[]>();
    const garbage = services.find((s) => s.service_code === GARBAGE);
    expect(garbage).toMatchObject({ type: 'realtime' });
    expect(garbage?.group).toBeTruthy();

    const xml = await t.app.inject({ method: 'GET', url: '/open311/v2/services.xml' });
    expect(xml.statusCode).toBe(200);
    expect(xml.headers['content-type']).toContain('xml');
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><services><service>/);
    expect(xml.body).toContain(`<service_code>${GARBAGE}</service_code>`);

    const def = await t.app.inject({ method: 'GET', url: `/open311/v2/services/${GARBAGE}.json` });
    expect(def.json()).toMatchObject({ service_code: GARBAGE, attributes: [{ code: 'description' }] });
    const unknown = await t.app.inject({ method: 'GET', url: '/open311/v2/services/NOPE.json' });
    expect(unknown.statusCode).toBe(404);
  });

  it('posts a request with an api_key and reads it back', async () => {
    const res = await post('/open311/v2/requests.json', {
      api_key: apiKey,
      service_code: GARBAGE,
      lat: '31.2512',
      long: '121.4978',
      address_string: `${streetName} 东长治路 <1> & 2号`,
      description: '路边有暴露垃圾',
      first_name: '明',
      last_name: '王',
      phone: '13800001234',
    });
    expect(res.statusCode, res.body).toBe(201);
    const [created] = res.json<{ service_request_id: string }[]>();
    expect(created!.service_request_id).toMatch(/^[0-9a-f-]{36}$/);
    const id = created!.service_request_id;

    const one = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/requests/${id}.json?api_key=${apiKey}`,
    });
    expect(one.statusCode, one.body).toBe(200);
    const [request] = one.json<Record<string, unknown>[]>();
    expect(request).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: GARBAGE,
      description: '路边有暴露垃圾',
      lat: 31.2512,
      long: 121.4978,
    });
    expect(String(request!.requested_datetime)).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(request!.status_notes).toBeTruthy();

    const xml = await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.xml` });
    expect(xml.body).toContain(`<service_requests><request><service_request_id>${id}</service_request_id>`);
    expect(xml.body).toContain('&lt;1&gt; &amp; 2号');
    expect(xml.body).not.toContain('路边有暴露垃圾'); // descriptions only for integration clients

    const list = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/requests.json?service_code=${GARBAGE}&status=open`,
    });
    expect(list.json<{ service_request_id: string }[]>().map((r) => r.service_request_id)).toContain(id);
    const byId = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/requests.json?service_request_id=${id}`,
    });
    expect(byId.json()).toHaveLength(1);
    const closed = await t.app.inject({ method: 'GET', url: '/open311/v2/requests.json?status=closed' });
    expect(closed.json<{ service_request_id: string }[]>().map((r) => r.service_request_id)).not.toContain(
      id,
    );
  });

  it('refuses a bad api_key with 403 in the spec format', async () => {
    for (const key of ['yk_bad', undefined]) {
      const res = await post('/open311/v2/requests.json', {
        ...(key ? { api_key: key } : {}),
        service_code: GARBAGE,
        address_string: streetName,
        description: 'x',
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual([{ code: 403, description: 'api_key is invalid' }]);
    }
    const xml = await post('/open311/v2/requests.xml', { api_key: 'nope', service_code: GARBAGE });
    expect(xml.statusCode).toBe(403);
    expect(xml.body).toContain(
      '<errors><error><code>403</code><description>api_key is invalid</description></error></errors>',
    );
  });

  it('answers 400 for a missing service_code and 404 for unknown ids and tokens', async () => {
    const res = await post('/open311/v2/requests.json', {
      api_key: apiKey,
      address_string: streetName,
      description: 'x',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual([{ code: 400, description: 'service_code is required' }]);

    const missing = await t.app.inject({
      method: 'GET',
      url: '/open311/v2/requests/00000000-0000-4000-8000-000000000000.json',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual([{ code: 404, description: expect.stringContaining('not found') }]);
    const token = await t.app.inject({ method: 'GET', url: '/open311/v2/tokens/abc.json' });
    expect(token.statusCode).toBe(404);
    expect(token.json()[0].code).toBe(404);
  });
});
