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
  options: {
    attach?: boolean;
    /**
     * The server's choice: when the embedded PostgreSQL stops unexpectedly (killed, crashed), say so and
     * start it again on the same port (it recovers from its WAL); if that fails, or it keeps dying
     * (5 times in 10 minutes), exit with code 1 so that a supervisor restarts the whole server.
     */
    supervise?: boolean;
  } = {},
): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    await migrate(config.databaseUrl, log);
    return { url: config.databaseUrl, embedded: false, recoveredOrphan: false, initialised: false };
  }
  const crashes: number[] = [];
  const cluster: EmbeddedCluster = new EmbeddedCluster({
    dir: join(config.dataDir, 'postgres'),
    log: (line) => {
      if (worthTelling.test(line)) log(`postgres: ${line}`);
    },
    onUnexpectedExit: options.supervise
      ? ({ pid, code, signal }) => {
          const now = Date.now();
          crashes.push(now);
          while (crashes[0]! < now - 600_000) crashes.shift();
          log(
            `The embedded PostgreSQL (pid ${pid}) stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}); ` +
              'requests get 503 until it is back. Starting it again…',
          );
          const giveUp = (why: string) => {
            process.stderr.write(
              `Yiwang stops: the embedded PostgreSQL in ${cluster.dir} ${why}. ` +
                'Start the server again (a supervisor such as systemd does this by itself); see docs/operations.md.\n',
            );
            process.exit(1);
          };
          if (crashes.length > 5) return giveUp('stopped unexpectedly more than 5 times in 10 minutes');
          cluster.restart().then(
            () => log('The embedded PostgreSQL is running again (it recovered from its write-ahead log).'),
            (error: Error) => {
              if (!cluster.isStopping) giveUp(`could not be started again: ${error.message}`);
            },
          );
        }
      : undefined,
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
