import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database, DB } from '@yiwang/db';
import type { Actor } from '../auth/actor';

/** An advisory lock key that serialises appends so each row chains to exactly one predecessor. */
const AUDIT_CHAIN_LOCK = 7_355_610;
export const GENESIS_HASH = '0'.repeat(64);

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

/**
 * Append an audit row in the caller's transaction, chained to the previous row. Call it in
 * the same transaction as the write it records, so both land or neither does.
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   await trx.insertInto('account').values(row).execute();
 *   await recordAudit(trx, actor, { action: 'account.create', entity: 'account', entityId: row.id });
 * });
 */
export async function recordAudit(trx: Transaction<DB>, actor: Actor, entry: AuditEntry): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const row: ChainedFields = {
    seq: (last?.seq ?? 0) + 1,
    at: new Date(),
    actorId: actor.id,
    actorLabel: actor.label,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId ?? null,
    summary: JSON.parse(canonicalJson(entry.summary ?? {})) as unknown,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  await trx
    .insertInto('audit_log')
    .values({
      seq: row.seq,
      at: row.at,
      actor_id: row.actorId,
      actor_label: row.actorLabel,
      action: row.action,
      entity: row.entity,
      entity_id: row.entityId,
      summary: JSON.stringify(row.summary),
      prev_hash: prevHash,
      hash: chainHash(prevHash, row),
    })
    .execute();
}

/** Record outside any other write (for example a view of unmasked personal data). */
export const recordAuditNow = (db: Database, actor: Actor, entry: AuditEntry) =>
  db.transaction().execute((trx) => recordAudit(trx, actor, entry));

export type AuditVerification =
  | { ok: true; rows: number; head: string }
  | { ok: false; rows: number; seq: number; reason: 'changed' | 'inserted-or-deleted' | 'broken-link' };

/**
 * Walk the whole chain and report the first row that does not hold: a row whose content
 * no longer matches its hash (changed), a gap or repeat in the sequence (inserted or
 * deleted), or a row not linked to its predecessor.
 */
export async function verifyAuditChain(db: Database, batch = 5000): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batch)
      .execute();
    if (page.length === 0) return { ok: true, rows, head: prevHash };
    for (const r of page) {
      if (r.seq !== expectedSeq) return { ok: false, rows, seq: expectedSeq, reason: 'inserted-or-deleted' };
      if (r.prev_hash !== prevHash) return { ok: false, rows, seq: r.seq, reason: 'broken-link' };
      const recomputed = chainHash(prevHash, {
        seq: r.seq,
        at: r.at,
        actorId: r.actor_id,
        actorLabel: r.actor_label,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        summary: r.summary,
      });
      if (recomputed !== r.hash) return { ok: false, rows, seq: r.seq, reason: 'changed' };
      prevHash = r.hash;
      expectedSeq++;
      rows++;
    }
  }
}
