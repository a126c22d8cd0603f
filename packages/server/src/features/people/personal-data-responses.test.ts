import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCitizens } from '@yiwang/fixtures';
import { findUnmaskedPersonalData } from '../../core/log-redaction';
import { ROUTE_POLICY } from '../../core/auth/route-policy';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';
import { signInPublic, testItem } from '../../testing/service-kit';

/**
 * The response scan: with a citizen's application, 12345 call and work order on file, every
 * GET route that lists or shows people answers each staff role, and another citizen, without an
 * unmasked 身份证号 or mobile number. Only the audited reveal routes (the window clerk's identity
 * check, the hotline desk's call-back number, the 个人信息保护法 export) show them, and are
 * tested on their own.
 */
const REVEALING = new Set([
  'GET /api/citizens/:id/identity',
  'GET /api/hotline/phones/:kind/:id',
  'GET /api/citizens/:id/export',
  'GET /api/me/export',
]);
// A server-sent event stream never ends; the others are files or API documentation, not people.
const NOT_SCANNED =
  /^GET \/(api\/docs|api\/openapi|metrics|api\/cityops\/live|api\/sensors\/import\/template)/;
const ROLES = [
  'admin',
  'bwt-admin',
  'clerk',
  'scjg-reviewer',
  'dispatcher',
  'bwt-handler',
  'bwt-inspector',
  'hotline',
  'leader',
  'auditor',
];
const [li, wang] = demoCitizens;
let t: TestApp;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.staff('admin');
  const item = await admin.post('/api/catalogue/items', { definition: testItem('TEST-902', 'D-SCJGJ') });
  expect(item.statusCode, item.body).toBe(201);
  const citizen = await signInPublic(t, li!.phone);
  const filed = await citizen.post('/api/applications', {
    itemCode: 'TEST-902',
    form: { companyName: '一网小馆' },
  });
  expect(filed.statusCode, filed.body).toBe(201);
  ids.application = filed.json().id;
  const committee = await t.ctx.db
    .selectFrom('org_unit')
    .select('id')
    .where('kind', '=', 'committee')
    .where('code', 'like', '310109018%')
    .executeTakeFirstOrThrow();
  const call = await (
    await t.staff('hotline')
  ).post('/api/hotline/calls', {
    callerName: li!.name,
    callerPhone: li!.phone,
    kindCode: 'H-complaint',
    placeUnitId: committee.id,
    description: '路灯不亮',
    disposition: 'create',
  });
  expect(call.statusCode, call.body).toBe(201);
  ids.call = call.json().id ?? call.json().call?.id;
  ids.order = call.json().workOrderId ?? call.json().order?.id ?? call.json().call?.workOrderId;
});
afterAll(() => t.close());

/** Every GET route a role may be asked about, with the ids of the records above filled in. */
function urls(): string[] {
  return Object.keys(ROUTE_POLICY)
    .filter((key) => key.startsWith('GET ') && !REVEALING.has(key) && !NOT_SCANNED.test(key))
    .map((key) => key.slice(4))
    .map((url) =>
      url
        .replace(/^\/api\/applications\/:id/, `/api/applications/${ids.application}`)
        .replace(/^\/api\/work-orders\/:id/, `/api/work-orders/${ids.order}`)
        .replace(/^\/api\/hotline\/calls\/:id/, `/api/hotline/calls/${ids.call}`),
    )
    .filter((url) => !url.includes(':') && !url.includes('*'));
}

/** Unmasked numbers in the answers (`only`: just these values, e.g. for a citizen who sees their own). */
async function leaks(client: TestClient, { only }: { only?: string[] } = {}) {
  const found: string[] = [];
  for (const url of urls()) {
    const res = await client.get(url);
    const type = String(res.headers['content-type'] ?? '');
    if (!/json|text|xml|svg/.test(type)) continue;
    for (const { value } of findUnmaskedPersonalData(res.body)) {
      if (only && !only.includes(value)) continue;
      found.push(`${url} (${res.statusCode}): ${value}`);
    }
  }
  return found;
}

describe('responses to roles that see people masked', () => {
  it('has the records on file and scans over 60 routes', async () => {
    expect(ids.order).toBeTruthy();
    expect(ids.call).toBeTruthy();
    expect(urls().length).toBeGreaterThan(60);
  });

  it.each(ROLES)('shows %s no unmasked ID number or phone on any GET route', async (role) => {
    expect(await leaks(await t.staff(role))).toEqual([]);
  });

  it('shows another citizen none of them either (their own numbers, in their wallet, are theirs)', async () => {
    const other = await signInPublic(t, wang!.phone);
    expect(await leaks(other, { only: [li!.idNumber, li!.phone] })).toEqual([]);
  });

  it('finds the number in the dispatcher’s audited reveal, the one place it is shown', async () => {
    // The scan can fail: the reveal answers the full number, and writes who saw it.
    const dispatcher = await t.staff('dispatcher');
    const revealed = await dispatcher.get(`/api/hotline/phones/order/${ids.order}`);
    expect(revealed.statusCode, revealed.body).toBe(200);
    expect(findUnmaskedPersonalData(revealed.body).map((f) => f.value)).toContain(li!.phone);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', ids.order!)
      .where('action', '=', 'hotline.phone-revealed')
      .execute();
    expect(audit).toHaveLength(1);
  });
});
