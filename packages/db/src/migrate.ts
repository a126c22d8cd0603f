import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

export type Migration = { version: string; name: string; sql: string; checksum: string };

/** The plain SQL migrations shipped with the product, in order (`NNNN_name.sql`). */
export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const sql = await readFile(`${dir}/${file}`, 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.slice(5, -4),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    }),
  );
}

/** A fingerprint of all migrations: names a test template database so a changed migration makes a new one. */
export async function migrationsFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  for (const m of await loadMigrations()) hash.update(m.version).update(m.checksum);
  return hash.digest('hex').slice(0, 12);
}

/**
 * Apply pending migrations, each in its own transaction. Safe when several server copies
 * start at once: an advisory lock lets one migrate while the others wait. A migration that
 * was changed after it was applied is refused.
 *
 * @example
 * const applied = await migrate('postgres://…/yiwang');
 */
export async function migrate(url: string, log: (line: string) => void = () => {}): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(7355608)');
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migration (
      version text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    await client.query(
      `COMMENT ON TABLE schema_migration IS 'Applied SQL migrations (packages/db/migrations), with a checksum of each file.'`,
    );
    const { rows } = await client.query<{ version: string; checksum: string }>(
      'SELECT version, checksum FROM schema_migration',
    );
    const done = new Map(rows.map((r) => [r.version, r.checksum]));
    for (const m of await loadMigrations()) {
      const previous = done.get(m.version);
      if (previous) {
        if (previous !== m.checksum) {
          throw new Error(
            `migration ${m.version}_${m.name} was changed after it was applied; add a new migration instead`,
          );
        }
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migration (version, name, checksum) VALUES ($1, $2, $3)', [
          m.version,
          m.name,
          m.checksum,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.version}_${m.name} failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      applied.push(`${m.version}_${m.name}`);
      log(`applied migration ${m.version}_${m.name}`);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(7355608)').catch(() => {});
    await client.end();
  }
  return applied;
}
