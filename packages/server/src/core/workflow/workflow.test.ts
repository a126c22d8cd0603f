import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { deriveState } from '@yiwang/domain';
import { openDatabase } from '@yiwang/db';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';
import { ANONYMOUS } from '../auth/actor';
import { findSessionActor } from '../auth/session.repository';
import { recordAudit } from '../audit/audit-log';
import { Scheduler } from './scheduler';
import { TEST_WORKFLOW } from './test-workflow';
import { findCase, findDefinition, listActions } from './workflow.repository';
import { registerWorkflow, startCase } from './workflow.service';

let t: TestApp;
let clerkA: TestClient;
let clerkB: TestClient;
let reviewer: TestClient;
let centreId: string;

async function newCase(title = '测试办件') {
  const actor = (await findSessionActor(t.ctx.db, clerkA.cookies.yw_session!, 60_000))!;
  return startCase(t.ctx, actor, { workflow: TEST_WORKFLOW.key, title, unitId: centreId });
}

beforeAll(async () => {
  t = await createTestApp();
  await registerWorkflow(t.ctx, TEST_WORKFLOW);
  const centre = await t.ctx.db
    .selectFrom('org_unit')
    .select('id')
    .where('name', '=', '区行政服务中心')
    .executeTakeFirstOrThrow();
  centreId = centre.id;
  const admin = await t.staff('admin');
  for (const [username, roles] of [
    ['centre-clerk-b', ['clerk']],
    ['centre-reviewer', ['reviewer']],
  ] as const) {
    const res = await admin.post('/api/users', {
      username,
      displayName: '测试',
      password: 'Yiwang@2026',
      roles,
      unitId: centreId,
    });
    expect(res.statusCode).toBe(201);
  }
  clerkA = await t.staff('clerk');
  clerkB = await t.staff('centre-clerk-b');
  reviewer = await t.staff('centre-reviewer');
});
afterAll(() => t.close());

describe('the workflow engine', () => {
  it('opens a case in its initial state with a deadline on the working-day calendar', async () => {
    const id = await newCase();
    const res = await clerkA.get(`/api/cases/${id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ state: 'submitted', version: 0, sla: { kind: 'running' } });
    expect(body.available.sort()).toEqual(['accept', 'askCorrection', 'refuse']);
    // 17:30 Shanghai is 09:30Z: deadlines fall at the end of a working day.
    expect(body.sla.deadline).toMatch(/T09:30:00\.000Z$/);
  });

  it('derives the status from the action log, which matches the stored projection', async () => {
    const id = await newCase();
    let version = 0;
    for (const [client, action] of [
      [clerkA, 'askCorrection'],
      [clerkA, 'receiveCorrection'],
      [clerkA, 'accept'],
      [reviewer, 'approve'],
    ] as const) {
      const res = await client.post(`/api/cases/${id}/actions`, { action, expectedVersion: version });
      expect(res.statusCode, res.body).toBe(200);
      version = res.json().version;
    }
    const actions = await listActions(t.ctx.db, id);
    const stored = await findCase(t.ctx.db, id);
    expect(deriveState((await findDefinition(t.ctx.db, TEST_WORKFLOW.key))!, actions)).toBe('approved');
    expect(stored).toMatchObject({ state: 'approved', version: 4, slaDeadline: null });
    expect(actions.map((a) => a.seq)).toEqual([1, 2, 3, 4]);
  });

  it('lets one of two clerks acting at once win and answers the other 409', async () => {
    const id = await newCase();
    const [a, b] = await Promise.all([
      clerkA.post(`/api/cases/${id}/actions`, { action: 'accept', expectedVersion: 0 }),
      clerkB.post(`/api/cases/${id}/actions`, { action: 'askCorrection', expectedVersion: 0 }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json()).toMatchObject({ title: 'stale-version' });
    expect(await listActions(t.ctx.db, id)).toHaveLength(1);
  });

  it('refuses an action the role may not take, one the state does not allow, and one missing its reason', async () => {
    const id = await newCase();
    expect(
      (await reviewer.post(`/api/cases/${id}/actions`, { action: 'accept', expectedVersion: 0 })).statusCode,
    ).toBe(403);
    expect(
      (await clerkA.post(`/api/cases/${id}/actions`, { action: 'approve', expectedVersion: 0 })).statusCode,
    ).toBe(409);
    const noReason = await clerkA.post(`/api/cases/${id}/actions`, { action: 'refuse', expectedVersion: 0 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('comment');
    expect(await listActions(t.ctx.db, id)).toHaveLength(0);
  });

  it('hides a case from staff of another unit (404, not 403)', async () => {
    const id = await newCase();
    const other = await t.staff('bwt-handler');
    expect((await other.get(`/api/cases/${id}`)).statusCode).toBe(404);
    expect(
      (await other.post(`/api/cases/${id}/actions`, { action: 'accept', expectedVersion: 0 })).statusCode,
    ).toBe(404);
  });

  it('stops the clock while paused and moves the deadline by the paused working time', async () => {
    // Deadlines here may reach into next year: load plain schedules (New Year's Day only) up to two years ahead.
    const thisYear = new Date().getFullYear();
    for (let year = 2027; year <= thisYear + 2; year++) {
      await t.ctx.calendar.load({ year, holidays: [`${year}-01-01`], workdays: [] }, 'test', null);
    }
    t.ctx.calendar.invalidate();
    const id = await newCase();
    await clerkA.post(`/api/cases/${id}/actions`, { action: 'accept', expectedVersion: 0 });
    const before = (await reviewer.get(`/api/cases/${id}`)).json();
    const paused = await reviewer.post(`/api/cases/${id}/actions`, { action: 'suspend', expectedVersion: 1 });
    expect(paused.json().sla).toEqual({ kind: 'paused' });
    const timers = await t.ctx.db
      .selectFrom('workflow_timer')
      .select('id')
      .where('case_id', '=', id)
      .where('fired_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .execute();
    expect(timers).toHaveLength(0);
    const resumed = await reviewer.post(`/api/cases/${id}/actions`, { action: 'resume', expectedVersion: 2 });
    expect(resumed.json().sla.kind).toBe('running');
    expect(new Date(resumed.json().sla.deadline).getTime()).toBeGreaterThanOrEqual(
      new Date(before.sla.deadline).getTime(),
    );
    const extended = await reviewer.post(`/api/cases/${id}/actions`, {
      action: 'extend',
      expectedVersion: 3,
      comment: '需组织专家评审',
      data: { extendBy: 10 },
    });
    expect(extended.json().sla, extended.body).toMatchObject({ kind: 'running' });
    expect(new Date(extended.json().sla.deadline).getTime()).toBeGreaterThan(
      new Date(resumed.json().sla.deadline).getTime(),
    );
  });

  it('reports the deadline as unknown when it falls in a year with no loaded schedule', async () => {
    await t.ctx.db.deleteFrom('calendar_year').where('year', '=', 2026).execute();
    t.ctx.calendar.invalidate();
    try {
      const id = await newCase();
      const c = (await clerkA.get(`/api/cases/${id}`)).json();
      expect(c.sla).toEqual({ kind: 'unknown', unknownYear: 2026 });
    } finally {
      await t.ctx.db.deleteFrom('calendar_year').execute();
      const { seed } = await import('../../seed');
      await seed(t.ctx.db, { demo: false });
      t.ctx.calendar.invalidate();
    }
  });
});

describe('the scheduler', () => {
  it('fires every due timer exactly once with two schedulers on one PostgreSQL', async () => {
    const ids = await t.ctx.db
      .insertInto('workflow_timer')
      .values(
        Array.from({ length: 300 }, (_, i) => ({
          kind: 'test.tick',
          due_at: new Date(Date.now() - 1000 - i),
          payload: '{}',
        })),
      )
      .returning('id')
      .execute();
    const handlers = {
      'test.tick': (trx: Parameters<typeof recordAudit>[0], timer: { id: number }) =>
        recordAudit(
          trx,
          { ...ANONYMOUS, label: 'test' },
          { action: 'test.fired', entity: 'workflow_timer', entityId: String(timer.id) },
        ),
    };
    // Two instances, each with its own connection pool, as two server copies would have.
    const second = openDatabase(t.database.url, { max: 4 });
    const a = new Scheduler(t.ctx.db, handlers, 'copy-a', { batch: 1000 });
    const b = new Scheduler(second.db, handlers, 'copy-b', { batch: 1000 });
    const [firedA, firedB] = await Promise.all([a.tick(), b.tick()]);
    await second.db.destroy();
    expect(firedA + firedB).toBe(300);
    const counts = await t.ctx.db
      .selectFrom('audit_log')
      .select(['entity_id', sql<number>`count(*)::int`.as('n')])
      .where('action', '=', 'test.fired')
      .groupBy('entity_id')
      .execute();
    expect(counts).toHaveLength(300);
    expect(counts.every((c) => c.n === 1)).toBe(true);
    expect(new Set(counts.map((c) => c.entity_id))).toEqual(new Set(ids.map((r) => String(r.id))));
    const byCopy = await t.ctx.db
      .selectFrom('workflow_timer')
      .select('fired_by')
      .where('kind', '=', 'test.tick')
      .execute();
    expect(new Set(byCopy.map((r) => r.fired_by))).toEqual(new Set(['copy-a', 'copy-b']));
  });

  it('retries a failing handler and keeps the error, without firing it twice', async () => {
    const [row] = await t.ctx.db
      .insertInto('workflow_timer')
      .values({ kind: 'test.fails', due_at: new Date(Date.now() - 1000), payload: '{}' })
      .returning('id')
      .execute();
    let calls = 0;
    const s = new Scheduler(
      t.ctx.db,
      {
        'test.fails': async () =>
          void (
            calls++,
            (() => {
              throw new Error('boom');
            })()
          ),
      },
      'copy-c',
    );
    for (let i = 0; i < 7; i++) await s.tick();
    const timer = await t.ctx.db
      .selectFrom('workflow_timer')
      .selectAll()
      .where('id', '=', row!.id)
      .executeTakeFirstOrThrow();
    expect(calls).toBe(5);
    expect(timer).toMatchObject({ fired_at: null, attempts: 5, last_error: 'boom' });
  });
});
