import { appendFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ClusterInUseError, EmbeddedCluster } from '../embedded-cluster';
import { migrate, migrationsFingerprint } from '../migrate';
import { withDatabase } from '../database';

declare module 'vitest' {
  export interface ProvidedContext {
    testAdminUrl: string;
    testTemplate: string;
    testServer: string;
  }
}

/**
 * Vitest global setup: one PostgreSQL for the run and a migrated template database that
 * every test file clones (`CREATE DATABASE … TEMPLATE`).
 * `YIWANG_TEST_DB=embedded` (default) starts the embedded PostgreSQL 18 under
 * `data/test-postgres`; `YIWANG_TEST_DB=external` uses `DATABASE_URL` (the machine's).
 */
export default async function setup(project: TestProject) {
  const target = process.env.YIWANG_TEST_DB ?? 'embedded';
  let adminUrl: string;
  let cluster: EmbeddedCluster | undefined;
  let privateDir: string | undefined;
  if (target === 'external') {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('YIWANG_TEST_DB=external needs DATABASE_URL');
    adminUrl = url;
  } else {
    const testCluster = (dir: string) =>
      new EmbeddedCluster({
        dir,
        log: (line) => appendFileSync(`${dir}.log`, `${line}\n`),
        // A throwaway cluster for tests: durability off for speed.
        settings: {
          fsync: 'off',
          synchronous_commit: 'off',
          full_page_writes: 'off',
          max_connections: '300',
        },
      });
    const shared = resolve(process.env.DATA_DIR ?? 'data', 'test-postgres');
    cluster = testCluster(shared);
    try {
      adminUrl = (await cluster.start()).adminUrl;
    } catch (error) {
      if (!(error instanceof ClusterInUseError)) throw error;
      // Another test run is using the shared test cluster: this run gets its own.
      privateDir = `${shared}-${process.pid}`;
      cluster = testCluster(privateDir);
      adminUrl = (await cluster.start()).adminUrl;
    }
  }
  const template = `yiwang_tpl_${await migrationsFingerprint()}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
  try {
    await client.query('SELECT pg_advisory_lock(7355609)');
    const leftovers = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'yiwang\\_t\\_%' OR (datname LIKE 'yiwang\\_tpl\\_%' AND datname <> $1)`,
      [template],
    );
    for (const { datname } of leftovers.rows) {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`);
    }
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (!exists.rowCount) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(template)}`);
      try {
        await migrate(withDatabase(adminUrl, template));
      } catch (error) {
        await client.query(`DROP DATABASE ${client.escapeIdentifier(template)}`);
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(7355609)');
    await client.end();
  }
  project.provide('testAdminUrl', adminUrl);
  project.provide('testTemplate', template);
  project.provide('testServer', `${target} PostgreSQL ${rows[0]?.server_version ?? '?'}`);
  return async () => {
    await cluster?.stop();
    if (privateDir) {
      await rm(privateDir, { recursive: true, force: true });
      await rm(`${privateDir}.credentials.json`, { force: true });
      await rm(`${privateDir}.log`, { force: true });
    }
  };
}
