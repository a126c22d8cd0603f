import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@yiwang/db';
import { createTestDatabase, type TestDatabase } from '@yiwang/db/testing';
import { ANONYMOUS, type Actor } from '../auth/actor';
import { chainPendingAudit, recordAudit, recordAuditNow, verifyAuditChain } from './audit-log';

const actor: Actor = { ...ANONYMOUS, label: 'chain-test' };
const write = (db: Database, n: number) =>
  recordAuditNow(db, actor, { action: 'test.write', entity: 'test', entityId: String(n), summary: { n } });

async function counts(db: Database) {
  const { rows } = await sql<{ logged: number; chained: number; top: number | null; distinct: number }>`
    SELECT (SELECT count(*)::int FROM audit_log) AS logged,
           (SELECT count(*)::int FROM audit_chain) AS chained,
           (SELECT max(chain_seq)::int FROM audit_chain) AS top,
           (SELECT count(DISTINCT audit_seq)::int FROM audit_chain) AS distinct`.execute(db);
  return rows[0]!;
}

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(() => t.drop());

describe('chaining audit rows written in parallel', () => {
  it('chains 50 concurrent audited writes once each, contiguously, and the chain verifies', async () => {
    const before = await counts(t.db);
    await Promise.all(Array.from({ length: 50 }, (_, i) => write(t.db, i)));
    const result = await verifyAuditChain(t.db);
    expect(result).toMatchObject({ ok: true, rows: before.chained + 50 });
    const after = await counts(t.db);
    expect(after.logged).toBe(before.logged + 50);
    expect(after.chained).toBe(after.logged);
    expect(after.top).toBe(after.chained);
    expect(after.distinct).toBe(after.chained);
  });

  it('never forks or repeats the chain when two chainers on two pools run at once', async () => {
    const other = openDatabase(t.url, { max: 5, applicationName: 'yiwang-test-2' });
    try {
      let writing = true;
      const chainer = async (db: Database, wait: boolean) => {
        while (writing) {
          await chainPendingAudit(db, { wait, batch: 7 });
          await new Promise((r) => setTimeout(r, 1));
        }
      };
      const chainers = [chainer(t.db, false), chainer(other.db, false), chainer(other.db, true)];
      for (let round = 0; round < 8; round++) {
        await Promise.all(
          Array.from({ length: 10 }, (_, i) => write(round % 2 ? t.db : other.db, round * 10 + i)),
        );
      }
      writing = false;
      await Promise.all(chainers);
      await Promise.all([
        chainPendingAudit(t.db, { wait: true }),
        chainPendingAudit(other.db, { wait: true }),
      ]);
      expect(await verifyAuditChain(t.db, { chain: false })).toMatchObject({ ok: true });
      const after = await counts(t.db);
      expect(after.chained).toBe(after.logged);
      expect(after.top).toBe(after.chained);
      expect(after.distinct).toBe(after.chained);
    } finally {
      await other.db.destroy();
    }
  });

  it('chains a row whose transaction commits after later rows were chained', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let recorded!: () => void;
    const inserted = new Promise<void>((r) => (recorded = r));
    const late = t.db.transaction().execute(async (trx) => {
      await recordAudit(trx, actor, { action: 'test.late', entity: 'test' });
      recorded();
      await gate;
    });
    await inserted;
    await write(t.db, 1);
    await chainPendingAudit(t.db, { wait: true });
    const lateSeq = async () =>
      (await t.db.selectFrom('audit_log').select('seq').where('action', '=', 'test.late').executeTakeFirst())
        ?.seq;
    expect(await lateSeq()).toBeUndefined(); // not committed yet, so neither visible nor chained
    release();
    await late;
    const seq = (await lateSeq())!;
    const onTime = await t.db
      .selectFrom('audit_log')
      .select('seq')
      .where('action', '=', 'test.write')
      .executeTakeFirstOrThrow();
    expect(seq).toBeLessThan(onTime.seq);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
    const links = await t.db
      .selectFrom('audit_chain')
      .select(['chain_seq', 'audit_seq'])
      .where('audit_seq', 'in', [seq, onTime.seq])
      .orderBy('chain_seq')
      .execute();
    expect(links.map((l) => l.audit_seq)).toEqual([onTime.seq, seq]); // chained in commit order
  });

  it('leaves out the row of a transaction that rolls back', async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await recordAudit(trx, actor, { action: 'test.rolled-back', entity: 'test' });
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');
    await write(t.db, 2);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
    expect(
      await t.db.selectFrom('audit_log').select('seq').where('action', '=', 'test.rolled-back').execute(),
    ).toEqual([]);
  });
});

describe('tampering with the audit log or its chain', () => {
  /** A few chained rows, then the append-only triggers switched off as the superuser would. */
  async function tamperable(): Promise<void> {
    for (let i = 0; i < 6; i++) await write(t.db, i);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 6 });
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(t.db);
    await sql`ALTER TABLE audit_chain DISABLE TRIGGER audit_chain_append_only`.execute(t.db);
  }

  it('refuses UPDATE, DELETE and TRUNCATE of both tables while the triggers are on', async () => {
    await write(t.db, 1);
    await chainPendingAudit(t.db, { wait: true });
    for (const statement of [
      sql`UPDATE audit_log SET summary = '{}'`,
      sql`DELETE FROM audit_log`,
      sql`TRUNCATE audit_log CASCADE`,
      sql`UPDATE audit_chain SET hash = repeat('0', 64)`,
      sql`DELETE FROM audit_chain`,
      sql`TRUNCATE audit_chain`,
    ]) {
      await expect(statement.execute(t.db)).rejects.toThrow(/append-only/);
    }
  });

  it('finds a changed audit row and names its sequence number', async () => {
    await tamperable();
    await sql`UPDATE audit_log SET summary = '{"forged": true}' WHERE seq = 3`.execute(t.db);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, seq: 3, auditSeq: 3, reason: 'changed' });
  });

  it('finds a changed hash in the chain', async () => {
    await tamperable();
    await sql`UPDATE audit_chain SET hash = repeat('a', 64) WHERE chain_seq = 5`.execute(t.db);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, seq: 5, reason: 'changed' });
  });

  it('finds a row deleted from the middle of the log with its link', async () => {
    await tamperable();
    await sql`DELETE FROM audit_chain WHERE chain_seq = 2`.execute(t.db);
    await sql`DELETE FROM audit_log WHERE seq = 2`.execute(t.db);
    expect(await verifyAuditChain(t.db)).toMatchObject({
      ok: false,
      rows: 1,
      seq: 2,
      auditSeq: null,
      reason: 'inserted-or-deleted',
    });
  });

  it('finds a chained audit row deleted behind the foreign key', async () => {
    await tamperable();
    await t.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx); // no triggers, no foreign keys
      await sql`DELETE FROM audit_log WHERE seq = 4`.execute(trx);
    });
    expect(await verifyAuditChain(t.db)).toMatchObject({
      ok: false,
      seq: 4,
      auditSeq: 4,
      reason: 'inserted-or-deleted',
    });
  });

  it('finds a link no longer pointing to its predecessor', async () => {
    await tamperable();
    await sql`UPDATE audit_chain SET prev_hash = repeat('f', 64) WHERE chain_seq = 4`.execute(t.db);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, seq: 4, reason: 'broken-link' });
  });

  it('reports a row slipped in with SQL as unchained once it is a minute old, unless the chainer runs', async () => {
    await tamperable();
    const slipped = async (age: string) =>
      (
        await sql<{ seq: number }>`INSERT INTO audit_log (at, actor_label, action, entity)
          VALUES (now() - ${age}::interval, 'forger', 'account.create', 'account') RETURNING seq`.execute(
          t.db,
        )
      ).rows[0]!.seq;
    await slipped('10 seconds');
    // Still within the minute the chainer is given: not reported.
    expect(await verifyAuditChain(t.db, { chain: false })).toMatchObject({ ok: true, rows: 6 });
    const old = await slipped('2 minutes');
    expect(await verifyAuditChain(t.db, { chain: false })).toMatchObject({
      ok: false,
      rows: 6,
      seq: old,
      auditSeq: old,
      reason: 'unchained',
    });
  });

  it('reports a row slipped in below the chainer’s lookback as unchained even after chaining', async () => {
    await tamperable();
    // A seq far below the head, as if filling a gap left by a rolled-back transaction.
    await sql`SELECT setval('audit_log_seq_seq', 20000)`.execute(t.db);
    await write(t.db, 99);
    await chainPendingAudit(t.db, { wait: true }); // the head is now at seq 20001
    await sql`INSERT INTO audit_log (seq, at, actor_label, action, entity)
      VALUES (100, now() - interval '1 day', 'forger', 'account.create', 'account')`.execute(t.db);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, rows: 7, seq: 100, reason: 'unchained' });
    // audit verify --chain-all: the operator has checked the row and chains it after all.
    expect(await verifyAuditChain(t.db, { lookback: Infinity })).toMatchObject({ ok: true, rows: 8 });
  });
});
