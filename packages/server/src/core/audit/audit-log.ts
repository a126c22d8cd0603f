import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database, DB } from '@yiwang/db';
import type { Actor } from '../auth/actor';

/** The advisory lock key that lets one chainer at a time (across all server copies) append to audit_chain. */
const AUDIT_CHAIN_LOCK = 7_355_610;
export const GENESIS_HASH = '0'.repeat(64);
/** How far below the highest chained audit seq the chainer looks for rows that committed late. */
export const CHAIN_LOOKBACK = 10_000;
/** An audit row still unchained this long after its `at` is reported by verifyAuditChain. */
export const UNCHAINED_AFTER_MS = 60_000;

export type AuditEntry = {
  action: string;
  entity: string;
  entityId?: string | null;
  summary?: Record<string, unknown>;
};

type ChainedFields = {
  seq: number;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entity: string;
  entityId: string | null;
  summary: unknown;
};

/** JSON with object keys sorted at every level, so a row hashes the same after a jsonb round trip. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * SHA-256 of the previous chain hash followed by the canonical JSON of an audit row, `seq` being
 * the audit row's own seq (audit_chain.audit_seq). The chain position (chain_seq) is not hashed:
 * the prev_hash links fix the order. Rows chained before migration 0013 used this same formula.
 */
export function chainHash(prevHash: string, row: ChainedFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update(
      canonicalJson({
        seq: row.seq,
        at: row.at.toISOString(),
        actorId: row.actorId,
        actorLabel: row.actorLabel,
        action: row.action,
        entity: row.entity,
        entityId: row.entityId,
        summary: row.summary,
      }),
    )
    .digest('hex');
}

type AuditLogRow = {
  seq: number;
  at: Date;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity: string;
  entity_id: string | null;
  summary: unknown;
};

const hashOf = (prevHash: string, r: AuditLogRow): string =>
  chainHash(prevHash, {
    seq: r.seq,
    at: r.at,
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    summary: r.summary,
  });

/**
 * Insert an audit row in the caller's transaction. Call it in the same transaction as the write
 * it records, so both land or neither does. It takes no lock: the row gets its seq from a
 * sequence and is hash-chained after commit by the chainer (`chainPendingAudit`).
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   await trx.insertInto('account').values(row).execute();
 *   await recordAudit(trx, actor, { action: 'account.create', entity: 'account', entityId: row.id });
 * });
 */
export async function recordAudit(trx: Transaction<DB>, actor: Actor, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      // The database's clock (to the millisecond, what the hash covers), the same for every server copy.
      at: sql<Date>`date_trunc('milliseconds', statement_timestamp())`,
      actor_id: actor.id,
      actor_label: actor.label,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId ?? null,
      summary: canonicalJson(entry.summary ?? {}),
    })
    .execute();
}

/** Record outside any other write (for example a view of unmasked personal data). */
export const recordAuditNow = (db: Database, actor: Actor, entry: AuditEntry) =>
  db.transaction().execute((trx) => recordAudit(trx, actor, entry));

export type ChainOptions = {
  /** Wait for another chainer to finish instead of returning null at once. */
  wait?: boolean;
  /** How far below the highest chained audit seq to look for unchained rows (default CHAIN_LOOKBACK; Infinity: all). */
  lookback?: number;
  /** Rows per transaction. */
  batch?: number;
};

/**
 * Append committed, not yet chained audit rows to audit_chain in seq order, a batch per short
 * transaction. One chainer at a time across all server copies (a transaction-level advisory
 * lock); a row whose transaction committed after higher seqs were chained is chained at the
 * end when it becomes visible. Returns how many rows were chained, or null when another chainer
 * held the lock (and `wait` was not set).
 */
export async function chainPendingAudit(db: Database, options: ChainOptions = {}): Promise<number | null> {
  const { wait = false, lookback = CHAIN_LOOKBACK, batch = 1000 } = options;
  let total = 0;
  for (;;) {
    const chained = await db.transaction().execute(async (trx) => {
      if (wait) {
        await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
      } else {
        const { rows } = await sql<{
          locked: boolean;
        }>`SELECT pg_try_advisory_xact_lock(${AUDIT_CHAIN_LOCK}) AS locked`.execute(trx);
        if (!rows[0]?.locked) return null;
      }
      const head = await trx
        .selectFrom('audit_chain')
        .select(['chain_seq', 'hash'])
        .orderBy('chain_seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      let pendingQuery = trx
        .selectFrom('audit_log as a')
        .selectAll('a')
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('audit_chain as c').select('c.chain_seq').whereRef('c.audit_seq', '=', 'a.seq'),
            ),
          ),
        );
      if (Number.isFinite(lookback)) {
        const top = await trx
          .selectFrom('audit_chain')
          .select((eb) => eb.fn.max('audit_seq').as('seq'))
          .executeTakeFirst();
        pendingQuery = pendingQuery.where('a.seq', '>', (top?.seq ?? 0) - lookback);
      }
      const pending = await pendingQuery.orderBy('a.seq').limit(batch).execute();
      if (pending.length === 0) return 0;
      let chainSeq = head?.chain_seq ?? 0;
      let prevHash = head?.hash ?? GENESIS_HASH;
      const links = pending.map((r) => {
        const hash = hashOf(prevHash, r);
        const link = { chain_seq: ++chainSeq, audit_seq: r.seq, prev_hash: prevHash, hash };
        prevHash = hash;
        return link;
      });
      await trx.insertInto('audit_chain').values(links).execute();
      return pending.length;
    });
    if (chained === null) return total === 0 ? null : total;
    total += chained;
    if (chained < batch) return total;
  }
}

/**
 * Runs `chainPendingAudit` every second (by default) until stopped. Every server copy runs one;
 * the advisory lock lets one of them chain at a time.
 */
export class AuditChainer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
  ) {}

  start(): void {
    this.stopped = false;
    const loop = async () => {
      if (this.stopped) return;
      this.running = chainPendingAudit(this.db).catch((error: unknown) => this.options.onError?.(error));
      await this.running;
      if (!this.stopped) this.timer = setTimeout(loop, this.options.intervalMs ?? 1000);
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}

export type AuditBreak = 'changed' | 'inserted-or-deleted' | 'broken-link' | 'unchained';

/**
 * `seq` is the chain position (audit_chain.chain_seq) where verification stopped — for rows chained
 * in order, and all rows written before migration 0013, the same number as the audit row's seq;
 * for 'unchained', the audit row's seq. `auditSeq` is the audit_log row concerned, when known.
 */
export type AuditVerification =
  | { ok: true; rows: number; head: string }
  | { ok: false; rows: number; seq: number; auditSeq: number | null; reason: AuditBreak };

export type VerifyOptions = {
  /** Chain pending rows first, waiting for a running chainer (default true). */
  chain?: boolean;
  /** Lookback of that chaining (default CHAIN_LOOKBACK, like the server's chainer). */
  lookback?: number;
  /** Chain rows read per query. */
  batch?: number;
};

/**
 * Chain pending rows, then walk the whole chain and report the first link that does not hold:
 * a gap in chain_seq or a chained audit row that is gone (inserted-or-deleted), a prev_hash
 * that is not the previous link's hash (broken-link), an audit row or chain hash that no longer
 * matches (changed); then the oldest audit row still unchained a minute after its time
 * (unchained: the chainer is not running, or a row was slipped in below the chainer's lookback).
 */
export async function verifyAuditChain(
  db: Database,
  options: VerifyOptions = {},
): Promise<AuditVerification> {
  const { chain = true, lookback = CHAIN_LOOKBACK, batch = 5000 } = options;
  if (chain) await chainPendingAudit(db, { wait: true, lookback });
  let prevHash = GENESIS_HASH;
  let expected = 1;
  let rows = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_chain as c')
      .leftJoin('audit_log as a', 'a.seq', 'c.audit_seq')
      .select([
        'c.chain_seq',
        'c.audit_seq',
        'c.prev_hash',
        'c.hash',
        'a.seq',
        'a.at',
        'a.actor_id',
        'a.actor_label',
        'a.action',
        'a.entity',
        'a.entity_id',
        'a.summary',
      ])
      .where('c.chain_seq', '>=', expected)
      .orderBy('c.chain_seq')
      .limit(batch)
      .execute();
    if (page.length === 0) break;
    for (const r of page) {
      const at = { rows, seq: r.chain_seq, auditSeq: r.audit_seq };
      if (r.chain_seq !== expected)
        return { ok: false, rows, seq: expected, auditSeq: null, reason: 'inserted-or-deleted' };
      if (r.prev_hash !== prevHash) return { ok: false, ...at, reason: 'broken-link' };
      if (r.seq === null || r.at === null || r.actor_label === null || r.action === null || r.entity === null)
        return { ok: false, ...at, reason: 'inserted-or-deleted' };
      const row: AuditLogRow = {
        ...r,
        seq: r.seq,
        at: r.at,
        actor_label: r.actor_label,
        action: r.action,
        entity: r.entity,
      };
      if (hashOf(prevHash, row) !== r.hash) return { ok: false, ...at, reason: 'changed' };
      prevHash = r.hash;
      expected++;
      rows++;
    }
  }
  const unchained = await db
    .selectFrom('audit_log as a')
    .select('a.seq')
    .where('a.at', '<', sql<Date>`now() - make_interval(secs => ${UNCHAINED_AFTER_MS / 1000})`)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('audit_chain as c').select('c.chain_seq').whereRef('c.audit_seq', '=', 'a.seq'))),
    )
    .orderBy('a.seq')
    .limit(1)
    .executeTakeFirst();
  if (unchained) return { ok: false, rows, seq: unchained.seq, auditSeq: unchained.seq, reason: 'unchained' };
  return { ok: true, rows, head: prevHash };
}
