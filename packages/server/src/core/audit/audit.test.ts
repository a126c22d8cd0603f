import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREET } from '@yiwang/fixtures';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';
import { verifyAuditChain } from './audit-log';

type AuditRow = {
  seq: number;
  actorId: string | null;
  actorName: string;
  action: string;
  entityId: string | null;
};

let t: TestApp;
let admin: TestClient;
let adminId: string;
let bwtId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.staff('admin');
  adminId = (await admin.get('/api/session')).json().user.id;
  bwtId = (
    await t.ctx.db
      .selectFrom('org_unit')
      .select('id')
      .where('code', '=', STREET.beiwaitan)
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => t.close());

/** The newest audit row for an action (and entity), read through the API as the auditor. */
async function lastAudit(action: string, entityId?: string): Promise<AuditRow | undefined> {
  const auditor = await t.staff('auditor');
  const query = `action=${encodeURIComponent(action)}${entityId ? `&entityId=${entityId}` : ''}&pageSize=1`;
  const res = await auditor.get(`/api/audit?${query}`);
  expect(res.statusCode).toBe(200);
  return res.json<{ items: AuditRow[] }>().items[0];
}

describe('every write leaves an audit row', () => {
  it("records an account's creation, change and password reset with the administrator as actor", async () => {
    const created = await admin.post('/api/users', {
      username: 'audited-clerk',
      displayName: '审计测试',
      password: 'Secret1234',
      roles: ['clerk'],
      unitId: bwtId,
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json<{ id: string }>();
    expect(await lastAudit('account.create', id)).toMatchObject({ actorId: adminId, actorName: 'admin' });

    expect((await admin.patch(`/api/users/${id}`, { displayName: '审计测试二' })).statusCode).toBe(200);
    expect(await lastAudit('account.update', id)).toMatchObject({ actorId: adminId });

    expect((await admin.post(`/api/users/${id}/password`, { password: 'Changed999' })).statusCode).toBe(204);
    expect(await lastAudit('account.password', id)).toMatchObject({ actorId: adminId });
  });

  it("records a unit's creation and renaming", async () => {
    const created = await admin.post('/api/units', {
      code: 'T-AUDIT-01',
      name: '审计测试居委会',
      kind: 'committee',
      parentId: bwtId,
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json<{ id: string }>();
    expect(await lastAudit('unit.create', id)).toMatchObject({ actorId: adminId });
    expect((await admin.patch(`/api/units/${id}`, { name: '审计测试居委会（改）' })).statusCode).toBe(200);
    expect(await lastAudit('unit.update', id)).toMatchObject({ actorId: adminId });
  });

  it('records a calendar load', async () => {
    const res = await admin.put('/api/calendar/years/2027', {
      holidays: ['2027-01-01'],
      workdays: [],
      source: 'audit test',
    });
    expect(res.statusCode).toBe(200);
    expect(await lastAudit('calendar.load', '2027')).toMatchObject({ actorId: adminId });
  });

  it("records an API key's creation and revocation", async () => {
    const created = await admin.post('/api/api-keys', {
      name: '审计测试网关',
      roles: ['device'],
      unitId: bwtId,
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json<{ id: string }>();
    expect(await lastAudit('api-key.create', id)).toMatchObject({ actorId: adminId });
    expect((await admin.delete(`/api/api-keys/${id}`)).statusCode).toBe(204);
    expect(await lastAudit('api-key.revoke', id)).toMatchObject({ actorId: adminId });
  });

  it('records a sign-in', async () => {
    const clerk = await t.staff('clerk');
    const clerkId = (await clerk.get('/api/session')).json().user.id as string;
    expect(await lastAudit('session.login', clerkId)).toMatchObject({ actorId: clerkId, actorName: 'clerk' });
  });

  it('keeps the chain whole through all these writes', async () => {
    const result = await verifyAuditChain(t.ctx.db);
    expect(result).toMatchObject({ ok: true });
    const auditor = await t.staff('auditor');
    const res = await auditor.get('/api/audit/verify');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true });
  });
});

describe('reading the audit log', () => {
  it('lets the auditor read the log, newest first', async () => {
    const res = await (await t.staff('auditor')).get('/api/audit');
    expect(res.statusCode).toBe(200);
    const { items, total } = res.json<{ items: AuditRow[]; total: number }>();
    expect(total).toBeGreaterThan(10);
    expect(items[0]!.seq).toBeGreaterThan(items.at(-1)!.seq);
  });

  it('refuses the log to a clerk', async () => {
    const res = await (await t.staff('clerk')).get('/api/audit');
    expect(res.statusCode).toBe(403);
  });
});

describe('tampering with the audit log', () => {
  /** A fresh app whose audit log has a few chained rows, with the append-only triggers switched off as the superuser would. */
  async function tamperable(): Promise<TestApp> {
    const fresh = await createTestApp();
    for (const name of ['clerk', 'leader', 'auditor', 'dispatcher']) await fresh.staff(name);
    expect(await verifyAuditChain(fresh.ctx.db)).toMatchObject({ ok: true }); // chains the rows
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(fresh.ctx.db);
    await sql`ALTER TABLE audit_chain DISABLE TRIGGER audit_chain_append_only`.execute(fresh.ctx.db);
    return fresh;
  }

  it('refuses an ordinary UPDATE of an audit row or its link while the triggers are on', async () => {
    await expect(sql`UPDATE audit_log SET summary = '{}' WHERE seq = 1`.execute(t.ctx.db)).rejects.toThrow();
    await expect(
      sql`UPDATE audit_chain SET prev_hash = hash WHERE chain_seq = 1`.execute(t.ctx.db),
    ).rejects.toThrow();
  });

  it('finds a changed row and names its sequence number', async () => {
    const fresh = await tamperable();
    try {
      expect(await verifyAuditChain(fresh.ctx.db)).toMatchObject({ ok: true });
      await sql`UPDATE audit_log SET summary = '{"forged": true}' WHERE seq = 3`.execute(fresh.ctx.db);
      expect(await verifyAuditChain(fresh.ctx.db)).toMatchObject({ ok: false, seq: 3, reason: 'changed' });
    } finally {
      await fresh.close({ verifyAudit: false });
    }
  });

  it('finds a deleted row in the middle of the chain', async () => {
    const fresh = await tamperable();
    try {
      await sql`DELETE FROM audit_chain WHERE chain_seq = 2`.execute(fresh.ctx.db);
      await sql`DELETE FROM audit_log WHERE seq = 2`.execute(fresh.ctx.db);
      expect(await verifyAuditChain(fresh.ctx.db)).toMatchObject({
        ok: false,
        seq: 2,
        reason: 'inserted-or-deleted',
      });
    } finally {
      await fresh.close({ verifyAudit: false });
    }
  });

  it('finds a row no longer linked to its predecessor', async () => {
    const fresh = await tamperable();
    try {
      await sql`UPDATE audit_chain SET prev_hash = repeat('f', 64) WHERE chain_seq = 4`.execute(fresh.ctx.db);
      expect(await verifyAuditChain(fresh.ctx.db)).toMatchObject({
        ok: false,
        seq: 4,
        reason: 'broken-link',
      });
    } finally {
      await fresh.close({ verifyAudit: false });
    }
  });
});
