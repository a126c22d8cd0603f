import type { Database } from '@yiwang/db';

/** The password hash of a staff, citizen or enterprise account (undefined when there is no such account). */
export async function findPasswordHash(db: Database, accountId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('account')
    .select('password_hash')
    .where('id', '=', accountId)
    .executeTakeFirst();
  return row?.password_hash;
}

export const setPasswordHash = (db: Database, accountId: string, passwordHash: string) =>
  db.updateTable('account').set({ password_hash: passwordHash }).where('id', '=', accountId).execute();
