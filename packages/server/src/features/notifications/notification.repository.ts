import type { Database } from '@yiwang/db';

/** How many of an account's notifications are unread (the badge; partial index notification_unread). */
export async function countUnread(db: Database, accountId: string): Promise<number> {
  const r = await db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('account_id', '=', accountId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * Mark one of the account's notifications read; undefined when it is not theirs (or does not
 * exist). Reading it again keeps the first read time.
 */
export const markRead = (db: Database, accountId: string, id: string) =>
  db
    .updateTable('notification')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(new Date())) }))
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .returning(['id', 'read_at as readAt'])
    .executeTakeFirst();

/** Mark all of the account's unread notifications read; returns how many were unread. */
export async function markAllRead(db: Database, accountId: string): Promise<number> {
  const r = await db
    .updateTable('notification')
    .set({ read_at: new Date() })
    .where('account_id', '=', accountId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
