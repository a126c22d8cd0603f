import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from './testing';
import { loadMigrations } from './migrate';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe(`a test database on ${inject('testServer')}`, () => {
  it('is cloned from the migrated template with every migration applied', async () => {
    const applied = await sql<{
      version: string;
    }>`SELECT version FROM schema_migration ORDER BY version`.execute(t.db);
    expect(applied.rows.map((r) => r.version)).toEqual((await loadMigrations()).map((m) => m.version));
  });

  it('gives every table a COMMENT ON', async () => {
    const { rows } = await sql<{ table_name: string }>`
      SELECT c.relname AS table_name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND obj_description(c.oid, 'pg_class') IS NULL`.execute(
      t.db,
    );
    expect(rows).toEqual([]);
  });

  it('reads dates as YYYY-MM-DD strings and bigints as numbers', async () => {
    const { rows } = await sql<{
      d: string;
      n: number;
    }>`SELECT DATE '2026-02-14' AS d, 42::int8 AS n`.execute(t.db);
    expect(rows[0]).toEqual({ d: '2026-02-14', n: 42 });
  });
});
