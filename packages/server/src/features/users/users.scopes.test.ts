import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, STREET, demoStaff } from '@yiwang/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';

type Listed = { id: string; username: string; unit: { id: string; code: string } };

let t: TestApp;
/** Every unit's path by its id, to check which subtree a listed account belongs to. */
let pathOf: Map<string, string>;
let unitId: (code: string) => string;
let accountId: (username: string) => Promise<string>;

beforeAll(async () => {
  t = await createTestApp();
  const units = await t.ctx.db.selectFrom('org_unit').select(['id', 'code', 'path']).execute();
  pathOf = new Map(units.map((u) => [u.id, u.path]));
  const byCode = new Map(units.map((u) => [u.code, u.id]));
  unitId = (code) => byCode.get(code)!;
  accountId = async (username) =>
    (
      await t.ctx.db
        .selectFrom('account')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).id;
});
afterAll(() => t.close());

const newClerk = (username: string, unit: string) => ({
  username,
  displayName: '测试窗口人员',
  password: 'Secret1234',
  roles: ['clerk'],
  unitId: unit,
});

describe('who may see staff accounts', () => {
  it('shows a district administrator every staff account', async () => {
    const admin = await t.staff('admin');
    const res = await admin.get('/api/users?pageSize=500');
    expect(res.statusCode).toBe(200);
    const { items, total } = res.json<{ items: Listed[]; total: number }>();
    expect(total).toBeGreaterThanOrEqual(demoStaff.length);
    expect(items.map((u) => u.username)).toEqual(expect.arrayContaining(demoStaff.map((s) => s.username)));
  });

  it('shows a street administrator only the accounts of their street and the units below it', async () => {
    const bwt = await t.staff('bwt-admin');
    const res = await bwt.get('/api/users?pageSize=500');
    expect(res.statusCode).toBe(200);
    const { items, total } = res.json<{ items: Listed[]; total: number }>();
    const streetPath = pathOf.get(unitId(STREET.beiwaitan))!;
    expect(items.length).toBe(total);
    expect(items.map((u) => u.username)).toEqual(expect.arrayContaining(['bwt-admin', 'bwt-handler']));
    for (const u of items) {
      const path = pathOf.get(u.unit.id)!;
      expect(path === streetPath || path.startsWith(`${streetPath}/`), `${u.username} at ${path}`).toBe(true);
    }
    expect(items.map((u) => u.username)).not.toContain('qyl-admin');
    expect(items.map((u) => u.username)).not.toContain('admin');
  });

  it('refuses a street administrator the account list of another street', async () => {
    const bwt = await t.staff('bwt-admin');
    const res = await bwt.get(`/api/users?unitId=${unitId(STREET.quyanglu)}`);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('does not reveal an account of another street to a street administrator, to read or to change', async () => {
    const bwt = await t.staff('bwt-admin');
    const qyl = await accountId('qyl-admin');
    expect((await bwt.get(`/api/users/${qyl}`)).statusCode).toBe(404);
    const patch = await bwt.patch(`/api/users/${qyl}`, { disabled: true });
    expect(patch.statusCode).toBe(404);
    expect((await t.staff('qyl-admin')).cookies.yw_session).toBeTruthy();
  });

  it('refuses a street administrator an account in another street, naming unitId', async () => {
    const bwt = await t.staff('bwt-admin');
    const res = await bwt.post('/api/users', newClerk('bwt-into-qyl', unitId(STREET.quyanglu)));
    expect(res.statusCode).toBe(403);
    expect(res.json().errors[0].field).toBe('unitId');
  });

  it('refuses a street administrator the leader and auditor roles', async () => {
    const bwt = await t.staff('bwt-admin');
    for (const role of ['leader', 'auditor']) {
      const res = await bwt.post('/api/users', {
        ...newClerk(`bwt-${role}`, unitId(STREET.beiwaitan)),
        roles: [role],
      });
      expect(res.statusCode, role).toBe(403);
      expect(res.json().errors[0].field).toBe('roles');
    }
  });

  it('refuses the account pages to staff without the admin role and to citizens', async () => {
    const citizen = t.client();
    const registered = await citizen.post('/api/auth/register/citizen', {
      name: '钱多多',
      idNumber: '11010519491231002X',
      phone: '13912345678',
      password: 'abc12345',
    });
    expect(registered.statusCode).toBe(200);
    const callers = [await t.staff('clerk'), await t.staff('leader'), citizen];
    for (const c of callers) {
      expect((await c.get('/api/users')).statusCode).toBe(403);
      expect((await c.post('/api/users', newClerk('nobody-new', unitId(STREET.beiwaitan)))).statusCode).toBe(
        403,
      );
    }
  });

  it('asks an anonymous caller to sign in', async () => {
    const res = await t.client().get('/api/users');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ title: 'unauthenticated' });
  });
});

describe('managing staff accounts', () => {
  it('refuses a username that is taken, naming username', async () => {
    const admin = await t.staff('admin');
    const res = await admin.post('/api/users', newClerk('clerk', unitId(STREET.beiwaitan)));
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].field).toBe('username');
  });

  it('lets a street administrator create a clerk in their street, who can then sign in', async () => {
    const bwt = await t.staff('bwt-admin');
    const res = await bwt.post('/api/users', newClerk('bwt-clerk-new', unitId(STREET.beiwaitan)));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      username: 'bwt-clerk-new',
      roles: ['clerk'],
      unit: { code: STREET.beiwaitan },
      disabled: false,
    });
    const c = t.client();
    const login = await c.post('/api/auth/login', { username: 'bwt-clerk-new', password: 'Secret1234' });
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toMatchObject({ username: 'bwt-clerk-new', roles: ['clerk'] });
  });

  it("ends an account's sessions when an administrator resets its password", async () => {
    const admin = await t.staff('admin');
    const created = await admin.post('/api/users', newClerk('reset-me', unitId(STREET.beiwaitan)));
    const { id } = created.json<{ id: string }>();
    const victim = t.client();
    await victim.post('/api/auth/login', { username: 'reset-me', password: 'Secret1234' });
    expect((await victim.get('/api/session')).json().user).toMatchObject({ username: 'reset-me' });

    const reset = await admin.post(`/api/users/${id}/password`, { password: 'Another5678' });
    expect(reset.statusCode).toBe(204);
    expect((await victim.get('/api/session')).json().user).toBeNull();
    const old = await t.client().post('/api/auth/login', { username: 'reset-me', password: 'Secret1234' });
    expect(old.statusCode).toBe(401);
    const fresh = await t.client().post('/api/auth/login', { username: 'reset-me', password: 'Another5678' });
    expect(fresh.statusCode).toBe(200);
  });

  it("ends a disabled account's sessions and refuses its sign-in", async () => {
    const admin = await t.staff('admin');
    const created = await admin.post('/api/users', newClerk('disable-me', unitId(STREET.beiwaitan)));
    const { id } = created.json<{ id: string }>();
    const victim = t.client();
    await victim.post('/api/auth/login', { username: 'disable-me', password: 'Secret1234' });
    expect((await victim.get('/api/users')).statusCode).toBe(403);

    const res = await admin.patch(`/api/users/${id}`, { disabled: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect((await victim.get('/api/session')).json().user).toBeNull();
    const again = await t
      .client()
      .post('/api/auth/login', { username: 'disable-me', password: 'Secret1234' });
    expect(again.statusCode).toBe(401);
  });

  it('refuses to let an administrator disable themselves', async () => {
    const bwt = await t.staff('bwt-admin');
    const self = await accountId('bwt-admin');
    const res = await bwt.patch(`/api/users/${self}`, { disabled: true });
    expect(res.statusCode).toBe(409);
    expect((await bwt.get('/api/session')).json().user).toMatchObject({ username: 'bwt-admin' });
    const login = await t
      .client()
      .post('/api/auth/login', { username: 'bwt-admin', password: DEMO_PASSWORD });
    expect(login.statusCode).toBe(200);
  });
});
