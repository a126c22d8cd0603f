import { sql, type Transaction } from 'kysely';
import type { Database, DB } from '@yiwang/db';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/audit-log';

export type DueTimer = { id: number; caseId: string | null; kind: string; dueAt: Date; payload: unknown };
export type TimerHandler = (trx: Transaction<DB>, timer: DueTimer) => Promise<void>;

const MAX_ATTEMPTS = 5;

/**
 * Fires due timers exactly once across any number of server copies: each copy claims one
 * due row at a time with `FOR UPDATE SKIP LOCKED`, runs its handler and marks it fired in
 * the same transaction — so a timer's effect and its "fired" mark land together, and a copy
 * that dies mid-way leaves the row to be claimed again. A handler that throws is retried on
 * later ticks, up to five attempts, and its error is kept on the row.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly handlers: Record<string, TimerHandler>,
    readonly instanceId: string,
    private readonly options: { intervalMs?: number; batch?: number } = {},
  ) {}

  start(): void {
    this.stopped = false;
    const loop = async () => {
      if (this.stopped) return;
      this.running = this.tick().catch(() => 0);
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

  /** Fire what is due now (up to a batch); returns how many fired. */
  async tick(): Promise<number> {
    let fired = 0;
    const batch = this.options.batch ?? 100;
    while (fired < batch && !this.stopped) {
      const done = await this.fireOne();
      if (done === 'none') break;
      if (done === 'fired') fired++;
    }
    return fired;
  }

  private async fireOne(): Promise<'fired' | 'failed' | 'none'> {
    let claimed: DueTimer | undefined;
    try {
      return await this.db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('workflow_timer')
          .select(['id', 'case_id', 'kind', 'due_at', 'payload'])
          .where('fired_at', 'is', null)
          .where('cancelled_at', 'is', null)
          .where('due_at', '<=', sql<Date>`now()`)
          .where('attempts', '<', MAX_ATTEMPTS)
          .orderBy('due_at')
          .limit(1)
          .forUpdate()
          .skipLocked()
          .executeTakeFirst();
        if (!row) return 'none';
        claimed = {
          id: row.id,
          caseId: row.case_id,
          kind: row.kind,
          dueAt: row.due_at,
          payload: row.payload,
        };
        const handler = this.handlers[row.kind];
        if (handler) await handler(trx, claimed);
        await trx
          .updateTable('workflow_timer')
          .set({ fired_at: sql`now()`, fired_by: this.instanceId, attempts: sql`attempts + 1` })
          .where('id', '=', row.id)
          .execute();
        return 'fired';
      });
    } catch (error) {
      if (!claimed) throw error;
      await this.db
        .updateTable('workflow_timer')
        .set({
          attempts: sql`attempts + 1`,
          last_error: String((error as Error).message ?? error).slice(0, 500),
        })
        .where('id', '=', claimed.id)
        .execute();
      return 'failed';
    }
  }
}

const SYSTEM: Actor = { kind: 'anonymous', id: null, roles: [], unit: null, label: 'system:scheduler' };

/**
 * The engine's own timers: reaching 80% of an SLA and passing the deadline are recorded
 * (features add their own handlers — escalation, reminders — for these kinds).
 */
export const slaTimerHandlers: Record<string, TimerHandler> = {
  'sla.warn': (trx, t) =>
    recordAudit(trx, SYSTEM, { action: 'case.sla-warning', entity: 'workflow_case', entityId: t.caseId }),
  'sla.due': (trx, t) =>
    recordAudit(trx, SYSTEM, { action: 'case.sla-overdue', entity: 'workflow_case', entityId: t.caseId }),
};
