import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREET, STREET_CENTRES } from '@yiwang/fixtures';
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

  it('places a request that gives only lat and long at the nearest committee, and refuses a point outside Hongkou', async () => {
    const [long, lat] = STREET_CENTRES[STREET.beiwaitan]!.at;
    const res = await post('/open311/v2/requests.json', {
      api_key: apiKey,
      service_code: GARBAGE,
      lat: String(lat),
      long: String(long),
      description: '只有坐标的上报',
    });
    expect(res.statusCode, res.body).toBe(201);
    const [created] = res.json<{ service_request_id: string }[]>();
    const one = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/requests/${created!.service_request_id}.json`,
    });
    const [request] = one.json<{ address: string }[]>();
    expect(request!.address.startsWith(streetName)).toBe(true);
    expect(request!.address.length).toBeGreaterThan(streetName.length); // a committee, not just the street

    const outside = await post('/open311/v2/requests.json', {
      api_key: apiKey,
      service_code: GARBAGE,
      lat: '31.2000',
      long: '121.4000',
      description: '虹口区以外',
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toEqual([{ code: 400, description: expect.stringContaining('address_string') }]);
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
    // a name that does not decode twice (found by the fuzzer: was a 500 URIError)
    for (const url of ['/open311/v2/requests/C%3A%25P.json', '/open311/v2/services/%25E0%25A4%25A.json']) {
      const bad = await t.app.inject({ method: 'GET', url });
      expect(bad.statusCode, url).toBe(404);
      expect(bad.json()[0].code).toBe(404);
    }
    const token = await t.app.inject({ method: 'GET', url: '/open311/v2/tokens/abc.json' });
    expect(token.statusCode).toBe(404);
    expect(token.json()[0].code).toBe(404);
  });

  it('answers 400 for a date JavaScript reads but PostgreSQL cannot hold (found by the fuzzer: was 500)', async () => {
    for (const url of [
      '/open311/v2/requests.json?start_date=-010000-01-01T00:00:00Z',
      '/open311/v2/servicerequestupdates.json?end_date=-010000-01-01T00:00:00Z',
      '/open311/v2/requests.json?start_date=%2B200000-01-01T00:00:00Z',
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()[0].description).toMatch(/between the years 1 and 9999/);
    }
  });

  it('servicerequestupdates: the order’s action log as updates, filtered by request and dates, JSON and XML', async () => {
    const res = await post('/open311/v2/requests.json', {
      api_key: apiKey,
      service_code: GARBAGE,
      address_string: streetName,
      description: '垃圾桶满溢',
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json<{ service_request_id: string }[]>()[0]!.service_request_id;
    // routed or not (the demo seed may route it), an administrator may take every step
    const admin = await t.staff('admin');
    let view = (await admin.get(`/api/work-orders/${id}`)).json();
    if (view.order.state === 'dispatched') {
      const fed = await admin.post(`/api/work-orders/${id}/actions`, {
        action: 'feedback',
        expectedVersion: view.order.version,
        comment: '已到场',
      });
      expect(fed.statusCode, fed.body).toBe(200);
      view = fed.json();
    }
    const closed = await admin.post(`/api/work-orders/${id}/actions`, {
      action: 'close',
      expectedVersion: view.order.version,
      comment: '现场核实无此问题',
      data: { outcome: 'no-further-action' },
    });
    expect(closed.statusCode, closed.body).toBe(200);

    type Update = {
      update_id: string;
      service_request_id: string;
      status: string;
      updated_datetime: string;
      description: string;
      media_url: string | null;
    };
    const updates = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/servicerequestupdates.json?service_request_id=${id}&api_key=${apiKey}`,
    });
    expect(updates.statusCode, updates.body).toBe(200);
    const list = updates.json<Update[]>();
    expect(list.map((u) => u.service_request_id)).toEqual(list.map(() => id));
    expect(new Set(list.map((u) => u.update_id)).size).toBe(list.length);
    expect(list[0]).toMatchObject({ status: 'open', description: expect.stringContaining('立案') });
    expect(list.at(-1)).toMatchObject({
      status: 'closed',
      description: '结案 · Close: 现场核实无此问题',
      media_url: null,
    });
    expect(list.at(-1)!.updated_datetime).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);

    // the public sees the updates without the staff's comments
    const open = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/servicerequestupdates.json?service_request_id=${id}`,
    });
    expect(open.json<Update[]>().at(-1)!.description).toBe('结案 · Close');

    // dates: nothing after the last update; everything since before the first
    const last = list.at(-1)!.updated_datetime;
    const later = new Date(new Date(last).getTime() + 1000).toISOString();
    const none = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/servicerequestupdates.json?start_date=${later}`,
    });
    expect(none.json()).toEqual([]);
    const since = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/servicerequestupdates.json?start_date=${list[0]!.updated_datetime}&end_date=${last}`,
    });
    expect(since.json<Update[]>().map((u) => u.update_id)).toEqual(
      expect.arrayContaining(list.map((u) => u.update_id)),
    );

    const xml = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/servicerequestupdates.xml?service_request_id=${id}`,
    });
    expect(xml.headers['content-type']).toContain('xml');
    expect(xml.body).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?><service_request_updates><request_update><update_id>/,
    );
    expect(xml.body).toContain('<media_url/>');

    const bad = await t.app.inject({
      method: 'GET',
      url: '/open311/v2/servicerequestupdates.json?start_date=yesterday',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual([{ code: 400, description: 'start_date is not an ISO 8601 date' }]);
    const badKey = await t.app.inject({
      method: 'GET',
      url: '/open311/v2/servicerequestupdates.json?api_key=yk_bad',
    });
    expect(badKey.statusCode).toBe(403);
  });
});
