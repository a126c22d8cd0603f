import { join } from 'node:path';
import { ClusterInUseError, EmbeddedCluster, ensureDatabase, migrate } from '@yiwang/db';
import type { Config } from './config';

export type DatabaseHandle = {
  url: string;
  /** Present when this process started its own PostgreSQL (and must stop it). */
  cluster?: EmbeddedCluster;
  embedded: boolean;
  recoveredOrphan: boolean;
  initialised: boolean;
};

const worthTelling =
  /\b(ERROR|FATAL|PANIC)\b|was interrupted|not properly shut down|automatic recovery|redo done|granted search permission|left running/;

/**
 * The database the server runs on: `DATABASE_URL` when set, otherwise the embedded
 * PostgreSQL under `DATA_DIR/postgres`, started (and initialised the first time) here.
 * With `attach`, a command-line tool run while the server holds the embedded PostgreSQL
 * works through that one. Migrations are applied either way.
 */
export async function openServerDatabase(
  config: Config,
  log: (line: string) => void,
  options: { attach?: boolean } = {},
): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    await migrate(config.databaseUrl, log);
    return { url: config.databaseUrl, embedded: false, recoveredOrphan: false, initialised: false };
  }
  const cluster = new EmbeddedCluster({
    dir: join(config.dataDir, 'postgres'),
    log: (line) => {
      if (worthTelling.test(line)) log(`postgres: ${line}`);
    },
  });
  try {
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
  } catch (error) {
    const adminUrl =
      error instanceof ClusterInUseError && options.attach ? await cluster.attach() : undefined;
    if (!adminUrl) throw error;
    const url = await ensureDatabase(adminUrl, 'yiwang');
    await migrate(url, log);
    return { url, embedded: true, recoveredOrphan: false, initialised: false };
  }
}
