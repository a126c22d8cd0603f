import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@yiwang/db';

/**
 * The live feed of city operations (the operations screen's 实时动态): new work orders, their
 * actions and sensor alarms. Published with PostgreSQL NOTIFY inside the writing transaction,
 * so an event is delivered when — and only if — the change commits, to every server copy that
 * listens on the channel (payloads stay small: NOTIFY allows 8,000 bytes).
 */
export const LIVE_CHANNEL = 'yiwang_live';

export type LiveEvent =
  | {
      kind: 'work-order';
      event: 'created' | 'action';
      id: string;
      orderNo: string;
      /** the action taken (for event 'action'; 'file'/'dispatch' may follow 'created' at once) */
      action?: string;
      state: string;
      categoryCode: string;
      source: string;
      streetId: string | null;
      committeeId: string | null;
      at: string;
    }
  | {
      kind: 'alarm';
      event: 'opened' | 'updated' | 'acknowledged' | 'cleared';
      id: string;
      /** null for a committee's area outage (alarmType 'outage') */
      sensorId: string | null;
      sensorType: string | null;
      alarmType?: string;
      /** outage: silent sensors of the committee's active ones */
      silentCount?: number | null;
      sensorCount?: number | null;
      severity: number;
      streetId: string | null;
      committeeId: string | null;
      workOrderId: string | null;
      at: string;
    };

/** Publish an event; call it inside the transaction that makes the change. */
export async function publishLive(db: Kysely<DB> | Transaction<DB>, event: LiveEvent): Promise<void> {
  await sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(event)})`.execute(db);
}
