/**
 * Child processes for the benches (and any harness that starts servers): each runs in a process
 * group of its own, so that stopping it — or a failure, or Ctrl-C — takes its whole tree (a
 * server's embedded PostgreSQL, a tsx wrapper's child) with it.
 *
 *   const server = spawnGroup(process.execPath, ['--import', 'tsx', SERVER_MAIN], env, port);
 *   const unguard = guardProcesses('my bench', () => rmSync(dir, { recursive: true, force: true }));
 *   try { await waitHttp(server, '/readyz', 120_000); … } finally { await stopGroup(server); unguard(); }
 *
 * Every group this module spawned and has not yet stopped is in `liveGroups`; `killGroupsSync()`
 * SIGKILLs them all (what the guard does on SIGINT, SIGTERM and exit).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Socket, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository's root: the working directory of every spawned process unless told otherwise. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** A process group started by `spawnGroup`. */
export type Spawned = {
  child: ChildProcess;
  /** The port it was told to listen on (0 when it listens on none). */
  port: number;
  /** Its stdout and stderr so far, interleaved (the first `maxOutput` characters). */
  output: () => string;
  /** Resolves when the group leader has exited. */
  exited: Promise<void>;
};

export type SpawnOptions = {
  /** Working directory (default: the repository root). */
  cwd?: string;
  /** Called with every chunk of stdout (`stream: 'stdout'`) and stderr as it arrives. */
  onData?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  /** How much output `output()` keeps (default 200,000 characters). */
  maxOutput?: number;
};

/** The groups spawned and not yet stopped. */
export const liveGroups = new Set<ChildProcess>();

/** A free TCP port on 127.0.0.1 (free when asked; another process may take it before use). */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

/** Spawn `command args` detached, in a process group of its own, collecting its output. */
export function spawnGroup(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  port = 0,
  options: SpawnOptions = {},
): Spawned {
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveGroups.add(child);
  const max = options.maxOutput ?? 200_000;
  let output = '';
  const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    if (output.length < max) output += text;
    options.onData?.(text, stream);
  };
  child.stdout!.on('data', collect('stdout'));
  child.stderr!.on('data', collect('stderr'));
  const exited = new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });
  // a failed spawn (no such binary) emits 'error' and 'exit'; the error is in the exit code
  child.once('error', (error) => {
    if (output.length < max) output += `spawn error: ${error.message}\n`;
  });
  return { child, port, output: () => output, exited };
}

/** The last lines of some output, for an error message. */
export const tail = (text: string, lines = 15) => text.trim().split('\n').slice(-lines).join('\n');

const hasExited = (s: Spawned) => s.child.exitCode !== null || s.child.signalCode !== null;

/**
 * Poll GET http://127.0.0.1:<port><path> every `intervalMs` until it answers 200; throws with the
 * process's last output if it exits first or `timeoutMs` passes. Returns performance.now() at the 200.
 */
export async function waitHttp(
  spawned: Spawned,
  path: string,
  timeoutMs: number,
  intervalMs = 50,
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (hasExited(spawned))
      throw new Error(
        `process exited before ready (code ${spawned.child.exitCode}):\n${tail(spawned.output())}`,
      );
    try {
      const response = await fetch(`http://127.0.0.1:${spawned.port}${path}`, {
        signal: AbortSignal.timeout(2_000),
      });
      await response.arrayBuffer();
      if (response.status === 200) return performance.now();
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline)
      throw new Error(`no 200 from ${path} within ${timeoutMs / 1000} s:\n${tail(spawned.output())}`);
    await sleep(intervalMs);
  }
}

/** Wait until something accepts TCP connections on 127.0.0.1:<port>. */
export async function waitTcp(port: number, timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((done) => {
      const socket = new Socket();
      socket.once('connect', () => (socket.destroy(), done(true)));
      socket.once('error', () => done(false));
      socket.connect(port, '127.0.0.1');
    }).catch(() => false);
    if (ok) return;
    if (performance.now() > deadline)
      throw new Error(`nothing listens on ${port} after ${timeoutMs / 1000} s`);
    await sleep(50);
  }
}

/**
 * SIGTERM to the group leader (a server shuts down gracefully, stopping its PostgreSQL); after
 * `graceMs` without an exit, and in any case afterwards, SIGKILL whatever is left of the group.
 */
export async function stopGroup(spawned: Spawned, graceMs = 15_000) {
  const { child } = spawned;
  if (!hasExited(spawned)) {
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      spawned.exited.then(() => false),
      new Promise<boolean>((done) => (timer = setTimeout(() => done(true), graceMs))),
    ]);
    clearTimeout(timer);
    if (timedOut)
      process.stderr.write(`pid ${child.pid} ignored SIGTERM for ${graceMs / 1000} s; killing it\n`);
  }
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // group empty: the normal case
  }
  await spawned.exited;
  liveGroups.delete(child);
}

/** SIGKILL the group at once (a crash, not a shutdown); resolves when the leader is gone. */
export async function killGroup(spawned: Spawned) {
  try {
    process.kill(-spawned.child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
  await spawned.exited;
  liveGroups.delete(spawned.child);
}

/** SIGKILL every group still alive (synchronous: usable in an 'exit' handler). */
export function killGroupsSync() {
  for (const child of liveGroups) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  liveGroups.clear();
}

/**
 * On SIGINT/SIGTERM (then exit 130) and on exit: kill every live group and run `cleanup`
 * (synchronous, e.g. removing temporary directories). Returns the function that removes the guard.
 */
export function guardProcesses(label: string, cleanup: () => void = () => {}): () => void {
  const onExit = () => {
    killGroupsSync();
    cleanup();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping the ${label}'s processes…\n`);
    onExit();
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', onExit);
  return () => {
    onExit();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', onExit);
  };
}

/** VmRSS of a process in MB (2^20 bytes); NaN when it is gone. */
export function rssMb(pid: number): number {
  try {
    const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

/** CPU seconds (user + system) of a process from /proc/<pid>/stat; 0 when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime in clock ticks (USER_HZ 100)
  } catch {
    return 0;
  }
}
