import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '@yiwang/domain';
import { STREET } from '@yiwang/fixtures';
import { PNG } from '../files/image-fixtures.testing';
import { signInPublic, testItem } from '../../testing/service-kit';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';
import type { Access } from './access';
import type { Role } from './roles';
import { declaredRoutes, ROUTE_POLICY, type DeclaredRoute } from './route-policy';

/**
 * The authorization matrix, generated from the route table (route-policy.ts, ADR 011):
 *
 * 1. the app's routes and the table agree both ways (an undeclared route fails the build,
 *    and so does a stale entry);
 * 2. every route is called as every role (and as nobody): a role the table does not allow
 *    gets 401/403 before the handler runs, an allowed one never does (a 400 for the empty
 *    body, a 404 for an id it may not see are fine), and nothing answers 5xx;
 * 3. object level: every read of a `unit` or `own` object by id is called with an object
 *    of the caller's own unit or person and with one of another street, department or
 *    citizen — the first is served, the second is 404, never the object.
 */

type Principal = {
  name: string;
  /** The role checked against the table; null for nobody. */
  role: Role | null;
  kind: 'anonymous' | 'staff' | 'citizen' | 'enterprise' | 'api-key';
  client?: TestClient;
  apiKey?: string;
};

let t: TestApp;
let dataDir: string;
const principals: Principal[] = [];
const by = (name: string) => principals.find((p) => p.name === name)!;

/** Real ids used to fill path parameters, by name. */
const ids = {
  streetBwt: '',
  streetQyl: '',
  committeeBwt: '',
  committeeQyl: '',
  scjg: '',
  wjw: '',
  /** A user and an API key the matrix may change or revoke (not a principal's own). */
  spareUser: '',
  spareApiKey: '',
  citizenLi: '',
  categoryCode: '',
  /** Applications of 李建国 (TEST-801, 市场监管局) and 王晓红 (TEST-802, 卫健委), with their case ids. */
  appLi: '',
  appLiCase: '',
  appWang: '',
  appWangCase: '',
  /** Reports of 李建国 (a 北外滩 committee) and 王晓红 (a 曲阳路 committee). */
  orderLi: '',
  orderWang: '',
  licenceLi: '',
  licenceWang: '',
  licenceEnterprise: '',
  userBwt: '',
  userQyl: '',
  /** Water-level sensors in a 北外滩 and a 曲阳路 committee. */
  sensorBwt: 'MX-WL-BWT',
  sensorQyl: 'MX-WL-QYL',
  /** API keys of each street, two each: one revoked by its own administrator, one tried by the other's. */
  keyBwt: ['', ''],
  /** Photos uploaded ahead of a report by 李建国 and by 王晓红. */
  photoLi: '',
  photoWang: '',
  /** Joint reviews convened by 市场监管局: one inviting 卫健委, one inviting 绿化市容局 only. */
  reviewWithWjw: '',
  reviewWithout: '',
  /** Opening batches of the demo enterprise and of a second one registered here. */
  batchDemo: '',
  batchOther: '',
  keyQyl: ['', ''],
};

async function call(p: Principal, method: string, url: string, body?: unknown) {
  const payload = body ?? (method === 'GET' || method === 'DELETE' ? undefined : {});
  if (p.apiKey) {
    return t.app.inject({
      method: method as 'GET',
      url,
      headers: { 'x-api-key': p.apiKey },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  }
  return p.client!.request({
    method: method as 'GET',
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

const allows = (access: Access, p: Principal): boolean => {
  if (access === 'public') return true;
  if (p.kind === 'anonymous') return false;
  if (access === 'signed-in') return true;
  if (access === 'staff') return p.kind === 'staff';
  return p.role !== null && access.includes(p.role);
};

/** A path with its parameters filled with real ids (or a fresh UUID where none is needed). */
function fill(route: DeclaredRoute): string {
  const segment = route.url.split('/')[2] ?? '';
  const byRoute: Record<string, Record<string, string>> = {
    applications: { id: ids.appLi, caseId: ids.appLiCase, kind: 'acceptance', fileId: randomUUID() },
    cases: { id: ids.appLiCase },
    'work-orders': { id: ids.orderLi, key: 'duplicate-radius' },
    licenses: { id: ids.licenceEnterprise },
    verify: { id: ids.licenceEnterprise },
    users: { id: ids.spareUser },
    'api-keys': { id: ids.spareApiKey },
    units: { id: ids.committeeBwt },
    citizens: { id: ids.citizenLi },
    calendar: { year: '2026' },
    catalogue: { code: 'TEST-801', version: '1' },
    cityops: { code: ids.categoryCode },
    hotline: { kind: 'citizen' },
    'sensor-types': { code: 'waterlogging' },
    v2: { file: 'x.json' },
  };
  const values = byRoute[route.url.startsWith('/open311/') ? 'v2' : segment] ?? {};
  return route.url
    .replace(
      /:([A-Za-z]+)(\.pdf)?/g,
      (_m, name: string, ext?: string) => (values[name] ?? randomUUID()) + (ext ?? ''),
    )
    .replace(/\*$/, 'index.css');
}

const isDenied = (status: number) => status === 401 || status === 403;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'yiwang-matrix-'));
  t = await createTestApp({ rateLimitPerMinute: 1_000_000, dataDir });
  const admin = await t.staff('admin');
  const units = (await admin.get('/api/units')).json().items as Array<{ id: string; code: string }>;
  const unit = (code: string) => units.find((u) => u.code === code)!.id;
  ids.streetBwt = unit(STREET.beiwaitan);
  ids.streetQyl = unit(STREET.quyanglu);
  ids.committeeBwt = unit('310109018001');
  ids.committeeQyl = unit('310109010001');
  ids.scjg = unit('D-SCJGJ');
  ids.wjw = unit('D-WJW');

  // The second of each pair: a 卫健委 reviewer, a 曲阳路 handler and inspector.
  const user = async (username: string, roles: Role[], unitId: string) => {
    const res = await admin.post('/api/users', {
      username,
      displayName: `矩阵 ${username}`,
      password: 'Yiwang@2026',
      roles,
      unitId,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  await user('wjw-reviewer', ['reviewer'], ids.wjw);
  ids.userQyl = await user('qyl-handler', ['handler'], ids.streetQyl);
  await user('qyl-inspector', ['inspector'], ids.streetQyl);
  ids.spareUser = await user('matrix-spare', ['clerk'], ids.committeeBwt);
  ids.userBwt = ids.spareUser;

  const key = async (name: string, roles: Role[]) => {
    const res = await admin.post('/api/api-keys', { name, roles, unitId: ids.streetBwt });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; key: string };
  };
  const device = await key('矩阵设备', ['device']);
  const integration = await key('矩阵系统', ['integration']);
  ids.spareApiKey = (await key('矩阵备用', ['integration'])).id;
  const streetKey = async (name: string, unitId: string) => {
    const res = await admin.post('/api/api-keys', { name, roles: ['device'], unitId });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  ids.keyBwt = [await streetKey('北外滩甲', ids.streetBwt), await streetKey('北外滩乙', ids.streetBwt)];
  ids.keyQyl = [await streetKey('曲阳路甲', ids.streetQyl), await streetKey('曲阳路乙', ids.streetQyl)];
  for (const [id, committeeId] of [
    [ids.sensorBwt, ids.committeeBwt],
    [ids.sensorQyl, ids.committeeQyl],
  ] as const) {
    const res = await admin.post('/api/sensors', {
      id,
      typeCode: 'water-level',
      committeeId,
      latitude: 31.2505,
      longitude: 121.5018,
    });
    expect(res.statusCode, res.body).toBe(201);
  }

  principals.push({ name: 'anonymous', role: null, kind: 'anonymous', client: t.client() });
  const staff: Array<[string, Role, string]> = [
    ['admin', 'admin', 'admin'],
    ['bwt-admin', 'admin', 'bwt-admin'],
    ['qyl-admin', 'admin', 'qyl-admin'],
    ['clerk', 'clerk', 'clerk'],
    ['scjg-reviewer', 'reviewer', 'scjg-reviewer'],
    ['wjw-reviewer', 'reviewer', 'wjw-reviewer'],
    ['bwt-handler', 'handler', 'bwt-handler'],
    ['qyl-handler', 'handler', 'qyl-handler'],
    ['dispatcher', 'dispatcher', 'dispatcher'],
    ['bwt-inspector', 'inspector', 'bwt-inspector'],
    ['qyl-inspector', 'inspector', 'qyl-inspector'],
    ['hotline', 'operator', 'hotline'],
    ['leader', 'leader', 'leader'],
    ['auditor', 'auditor', 'auditor'],
  ];
  principals.push({ name: 'admin', role: 'admin', kind: 'staff', client: admin });
  // signed in side by side: each sign-in verifies an argon2id hash
  const signedIn = await Promise.all([
    ...staff.slice(1).map(([, , username]) => t.staff(username)),
    signInPublic(t, '13900001001'),
    signInPublic(t, '13900001002'),
    signInPublic(t, '91310109MA1HKQ3W56'),
  ]);
  staff
    .slice(1)
    .forEach(([name, role], i) => principals.push({ name, role, kind: 'staff', client: signedIn[i] }));
  const [li, wang, enterprise] = signedIn.slice(-3);
  principals.push({ name: 'citizen-li', role: 'citizen', kind: 'citizen', client: li });
  principals.push({ name: 'citizen-wang', role: 'citizen', kind: 'citizen', client: wang });
  principals.push({ name: 'enterprise', role: 'enterprise', kind: 'enterprise', client: enterprise });
  principals.push({ name: 'device', role: 'device', kind: 'api-key', apiKey: device.key });
  principals.push({ name: 'integration', role: 'integration', kind: 'api-key', apiKey: integration.key });

  // Objects of each side: applications to two departments, reports in two streets, licences.
  for (const def of [testItem('TEST-801', 'D-SCJGJ'), testItem('TEST-802', 'D-WJW')]) {
    const res = await admin.post('/api/catalogue/items', { definition: def });
    expect(res.statusCode, res.body).toBe(201);
  }
  const apply = async (who: string, itemCode: string) => {
    const res = await by(who).client!.post('/api/applications', {
      itemCode,
      form: { companyName: '矩阵小馆' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    const view = (await by(who).client!.get(`/api/applications/${id}`)).json();
    return [id, view.cases[0].caseId as string] as const;
  };
  [ids.appLi, ids.appLiCase] = await apply('citizen-li', 'TEST-801');
  [ids.appWang, ids.appWangCase] = await apply('citizen-wang', 'TEST-802');

  const categories = (await admin.get('/api/cityops/categories')).json().items as Array<{ code: string }>;
  ids.categoryCode = categories[0]!.code;
  const report = async (who: string, placeUnitId: string) => {
    const res = await by(who).client!.post('/api/work-orders/citizen-reports', {
      categoryCode: ids.categoryCode,
      placeUnitId,
      description: '矩阵测试：井盖缺失',
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().order.caseId as string;
  };
  ids.orderLi = await report('citizen-li', ids.streetBwt);
  ids.orderWang = await report('citizen-wang', ids.streetQyl);

  const photo = async (who: string) => {
    const form = new FormData();
    form.append('photo', new Blob([PNG], { type: 'image/png' }), 'scene.png');
    const res = await by(who).client!.request({
      method: 'POST',
      url: '/api/work-order-photos',
      payload: form,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ items: Array<{ id: string }> }>().items[0]!.id;
  };
  ids.photoLi = await photo('citizen-li');
  ids.photoWang = await photo('citizen-wang');

  const review = async (departmentCode: string) => {
    const res = await by('scjg-reviewer').client!.post('/api/joint-reviews', {
      wording: `矩阵测试经营范围 ${departmentCode}`,
      industry: '餐饮服务',
      rationale: '授权矩阵测试用的联合审查',
      departmentIds: [unit(departmentCode)],
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  ids.reviewWithWjw = await review('D-WJW');
  ids.reviewWithout = await review('D-LHSRJ');

  const second = t.client();
  const body17 = '91310109MA1HKQ4X7';
  const registered = await second.post('/api/auth/register/enterprise', {
    name: '矩阵第二演示有限公司',
    creditCode: body17 + creditCodeCheckChar(body17),
    legalRepName: '王晓红',
    legalRepIdNumber: '310109199208263026',
    phone: '13900001099',
    password: 'Yiwang@2026',
  });
  expect(registered.statusCode, registered.body).toBe(200);
  principals.push({ name: 'enterprise-2', role: 'enterprise', kind: 'enterprise', client: second });
  const batch = async (who: string) => {
    const res = await by(who).client!.post('/api/batches', {
      complexName: `矩阵广场 ${who}`,
      address: '东大名路 1 号',
      streetUnitId: ids.streetBwt,
      openingOn: '2026-12-20',
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  ids.batchDemo = await batch('enterprise');
  ids.batchOther = await batch('enterprise-2');

  const licences = await t.ctx.db.selectFrom('e_license').select(['id', 'type_code', 'holder_id']).execute();
  ids.licenceLi = licences.find((r) => r.holder_id === '31010919780315241X')!.id;
  ids.licenceWang = licences.find((r) => r.holder_id === '310109199208263026')!.id;
  ids.licenceEnterprise = licences.find((r) => r.type_code === 'business-licence')!.id;
  ids.citizenLi = (
    await t.ctx.db
      .selectFrom('account')
      .select('id')
      .where('phone', '=', '13900001001')
      .executeTakeFirstOrThrow()
  ).id;
}, 300_000);
afterAll(async () => {
  await t?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the authorization matrix', () => {
  it('covers every route of the app, and the table names no route the app lacks', () => {
    const routes = declaredRoutes(t.app).map((r) => r.key);
    const inTable = Object.keys(ROUTE_POLICY);
    expect(
      routes.filter((k) => !inTable.includes(k)),
      'routes missing from ROUTE_POLICY',
    ).toEqual([]);
    expect(
      inTable.filter((k) => !routes.includes(k)),
      'stale ROUTE_POLICY entries',
    ).toEqual([]);
    console.info(`routes covered by the matrix (all): ${routes.length} of ${routes.length}`);
  });

  it('refuses a citizen another citizen’s objects, and a street or department another’s, with 404', async () => {
    type Side = { principal: string; own: Record<string, string>; other: Record<string, string> };
    const li = { id: ids.appLi, caseId: ids.appLiCase };
    const wang = { id: ids.appWang, caseId: ids.appWangCase };
    const sides: Record<string, Side[]> = {
      applications: [
        { principal: 'citizen-li', own: li, other: wang },
        { principal: 'citizen-wang', own: wang, other: li },
        { principal: 'scjg-reviewer', own: li, other: wang },
        { principal: 'wjw-reviewer', own: wang, other: li },
      ],
      cases: [
        { principal: 'citizen-li', own: { id: ids.appLiCase }, other: { id: ids.appWangCase } },
        { principal: 'citizen-wang', own: { id: ids.appWangCase }, other: { id: ids.appLiCase } },
        { principal: 'scjg-reviewer', own: { id: ids.appLiCase }, other: { id: ids.appWangCase } },
        { principal: 'wjw-reviewer', own: { id: ids.appWangCase }, other: { id: ids.appLiCase } },
      ],
      'work-orders': [
        { principal: 'citizen-li', own: { id: ids.orderLi }, other: { id: ids.orderWang } },
        { principal: 'citizen-wang', own: { id: ids.orderWang }, other: { id: ids.orderLi } },
        { principal: 'bwt-handler', own: { id: ids.orderLi }, other: { id: ids.orderWang } },
        { principal: 'qyl-handler', own: { id: ids.orderWang }, other: { id: ids.orderLi } },
        { principal: 'bwt-inspector', own: { id: ids.orderLi }, other: { id: ids.orderWang } },
        { principal: 'qyl-inspector', own: { id: ids.orderWang }, other: { id: ids.orderLi } },
      ],
      licenses: [
        { principal: 'citizen-li', own: { id: ids.licenceLi }, other: { id: ids.licenceWang } },
        { principal: 'citizen-wang', own: { id: ids.licenceWang }, other: { id: ids.licenceLi } },
        { principal: 'enterprise', own: { id: ids.licenceEnterprise }, other: { id: ids.licenceLi } },
      ],
      sensors: [
        { principal: 'bwt-handler', own: { id: ids.sensorBwt }, other: { id: ids.sensorQyl } },
        { principal: 'qyl-handler', own: { id: ids.sensorQyl }, other: { id: ids.sensorBwt } },
        { principal: 'bwt-admin', own: { id: ids.sensorBwt }, other: { id: ids.sensorQyl } },
        { principal: 'qyl-inspector', own: { id: ids.sensorQyl }, other: { id: ids.sensorBwt } },
      ],
      'work-order-photos': [
        { principal: 'citizen-li', own: { photoId: ids.photoLi }, other: { photoId: ids.photoWang } },
        { principal: 'citizen-wang', own: { photoId: ids.photoWang }, other: { photoId: ids.photoLi } },
      ],
      'joint-reviews': [
        { principal: 'wjw-reviewer', own: { id: ids.reviewWithWjw }, other: { id: ids.reviewWithout } },
      ],
      batches: [
        { principal: 'enterprise', own: { id: ids.batchDemo }, other: { id: ids.batchOther } },
        { principal: 'enterprise-2', own: { id: ids.batchOther }, other: { id: ids.batchDemo } },
      ],
      'api-keys': [
        { principal: 'bwt-admin', own: { id: ids.keyBwt[0]! }, other: { id: ids.keyQyl[1]! } },
        { principal: 'qyl-admin', own: { id: ids.keyQyl[0]! }, other: { id: ids.keyBwt[1]! } },
      ],
      users: [
        { principal: 'bwt-admin', own: { id: ids.userBwt }, other: { id: ids.userQyl } },
        { principal: 'qyl-admin', own: { id: ids.userQyl }, other: { id: ids.userBwt } },
      ],
    };
    const failures: string[] = [];
    let calls = 0;
    const checked = new Set<string>();
    for (const route of declaredRoutes(t.app)) {
      // reads, and the writes that take no body (a body would be validated before the handler)
      if (!['GET', 'DELETE'].includes(route.method) || !route.url.includes('/:')) continue;
      if (route.policy.scope !== 'unit' && route.policy.scope !== 'own') continue;
      const kind = route.url.split('/')[2]!;
      for (const side of sides[kind] ?? []) {
        const p = by(side.principal);
        if (!allows(route.policy.access, p)) continue;
        // a citizen's licences have no outlets: only an enterprise's business licence does
        if (route.url === '/api/licenses/:id/outlets' && p.kind === 'citizen') continue;
        const path = (v: Record<string, string>) =>
          route.url.replace(/:([A-Za-z]+)(\.pdf)?/g, (_m, name: string, ext?: string) =>
            name === 'kind' ? `acceptance${ext ?? ''}` : (v[name] ?? randomUUID()) + (ext ?? ''),
          );
        // only routes whose every parameter names this kind of object (no file or receipt yet, no import job)
        const params = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
        if (!params.every((name) => name in side.own)) continue;
        const own = await call(p, route.method, path(side.own));
        const other = await call(p, route.method, path(side.other));
        calls += 2;
        checked.add(route.key);
        if ([401, 403, 404].includes(own.statusCode) || own.statusCode >= 500)
          failures.push(`${route.key} as ${p.name}, own object: ${own.statusCode} ${own.body.slice(0, 160)}`);
        if (other.statusCode !== 404)
          failures.push(`${route.key} as ${p.name}, another's object: ${other.statusCode} (want 404)`);
        const { instance: _where, ...problem } = other.json<Record<string, unknown>>();
        if (Object.values(side.other).some((id) => JSON.stringify(problem).includes(id)))
          failures.push(`${route.key} as ${p.name}: the answer names another's object`);
      }
    }
    const unchecked = declaredRoutes(t.app).filter(
      (r) => ['unit', 'own'].includes(r.policy.scope) && r.url.includes('/:') && !checked.has(r.key),
    );
    console.info(`scoped routes by id left to the feature tests: ${unchecked.map((r) => r.key).join(', ')}`);
    console.info(`object-level checks: ${checked.size} routes, ${calls} calls — ${[...checked].join(', ')}`);
    expect(failures).toEqual([]);
  });

  it('answers every route as every role as the table declares: 401/403 before the handler, never 5xx', async () => {
    // Sign-out last: it ends the caller's session.
    const routes = [...declaredRoutes(t.app)].sort(
      (a, b) => Number(a.key === 'POST /api/auth/logout') - Number(b.key === 'POST /api/auth/logout'),
    );
    // One caller per role (and nobody); the second of each pair is for the object-level checks.
    const callers = principals.filter(
      (p) =>
        ![
          'qyl-admin',
          'wjw-reviewer',
          'qyl-handler',
          'qyl-inspector',
          'citizen-wang',
          'bwt-admin',
          'enterprise-2',
        ].includes(p.name),
    );
    const failures: string[] = [];
    const slow: Array<[string, number]> = [];
    let calls = 0;
    const check = async (route: DeclaredRoute) => {
      const url = fill(route);
      const started = performance.now();
      const answers = await Promise.all(
        callers.map((p) =>
          Promise.race([
            call(p, route.method, url),
            new Promise<never>((_, reject) =>
              setTimeout(
                () => reject(new Error(`${route.key} as ${p.name}: no answer in 90 s`)),
                90_000,
              ).unref(),
            ),
          ]),
        ),
      );
      slow.push([route.key, Math.round(performance.now() - started)]);
      callers.forEach((p, i) => {
        const res: LightMyRequestResponse = answers[i]!;
        calls += 1;
        // a route that reads the caller's API key from its parameters refuses a call without one
        const allowed = allows(route.policy.access, p) && !route.policy.apiKeyParameter;
        const where = `${route.key} as ${p.name} (${url})`;
        const want = p.kind === 'anonymous' && !route.policy.apiKeyParameter ? 401 : 403;
        // the test app runs no LISTEN connection: the live feed answers 503 to the callers it admits
        const noLiveFeed = route.key === 'GET /api/cityops/live' && res.statusCode === 503;
        if (res.statusCode >= 500 && !noLiveFeed)
          failures.push(`${where}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        else if (!allowed && res.statusCode !== want)
          failures.push(`${where}: ${res.statusCode}, want ${want}`);
        else if (allowed && isDenied(res.statusCode))
          failures.push(`${where}: ${res.statusCode} ${res.body.slice(0, 200)}, want allowed`);
        if (isDenied(res.statusCode) && route.url.startsWith('/api/')) {
          const problem = res.json<{ zh?: string; en?: string }>();
          if (
            !String(res.headers['content-type']).startsWith('application/problem+json') ||
            !problem.zh ||
            !problem.en
          )
            failures.push(`${where}: a ${res.statusCode} that is not problem+json in zh-CN and English`);
        }
      });
    };
    // reads four routes at a time; writes one at a time, in order (sign-out last)
    const reads = routes.filter((r) => r.method === 'GET');
    for (let i = 0; i < reads.length; i += 4) await Promise.all(reads.slice(i, i + 4).map(check));
    for (const route of routes.filter((r) => r.method !== 'GET')) await check(route);
    // …and admits an API key of the declared roles given as the `api_key` parameter
    for (const route of routes.filter((r) => r.policy.apiKeyParameter)) {
      for (const p of principals.filter((c) => c.apiKey)) {
        const res = await t.app.inject({ method: 'POST', url: fill(route), payload: { api_key: p.apiKey } });
        calls += 1;
        const allowed = route.policy.apiKeyParameter!.includes(p.role!);
        if (res.statusCode >= 500 || allowed === isDenied(res.statusCode))
          failures.push(
            `${route.key} with the api_key of ${p.name}: ${res.statusCode} ${res.body.slice(0, 200)}`,
          );
      }
    }
    slow.sort((a, b) => b[1] - a[1]);
    console.info(
      `slowest routes (ms for all callers): ${slow
        .slice(0, 12)
        .map(([k, ms]) => `${k} ${ms}`)
        .join('; ')}`,
    );
    console.info(
      `authorization matrix: ${routes.length} routes × ${callers.length} callers = ${calls} calls, ${failures.length} failures`,
    );
    expect(failures).toEqual([]);
  }, 600_000); // generous: a loaded 2-core machine; the figures above are what to watch
});
