import { join } from 'node:path';
import { EmbeddedCluster, ensureDatabase, migrate } from '@yiwang/db';
import type { Config } from './config';

export type DatabaseHandle = {
  url: string;
  /** Present when the server started its own PostgreSQL. */
  cluster?: EmbeddedCluster;
  embedded: boolean;
  recoveredOrphan: boolean;
  initialised: boolean;
};

/**
 * The database the server runs on: `DATABASE_URL` when set, otherwise the embedded
 * PostgreSQL under `DATA_DIR/postgres`, started (and initialised the first time) here.
 * Migrations are applied either way.
 */
export async function openServerDatabase(
  config: Config,
  log: (line: string) => void,
): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    await migrate(config.databaseUrl, log);
    return { url: config.databaseUrl, embedded: false, recoveredOrphan: false, initialised: false };
  }
  const cluster = new EmbeddedCluster({
    dir: join(config.dataDir, 'postgres'),
    log: (line) => {
      if (/ERROR|FATAL|PANIC|WARNING|recover|orphan|redo/i.test(line)) log(`postgres: ${line}`);
    },
  });
  const started = await cluster.start();
  const url = await ensureDatabase(started.adminUrl, 'yiwang');
  await migrate(url, log);
  return {
    url,
    cluster,
    embedded: true,
    recoveredOrphan: started.recoveredOrphan,
    initialised: started.initialised,
  };
}
