import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = new URL('./main.ts', import.meta.url).pathname;
const started: ChildProcess[] = [];
let dataDir: string;

afterAll(async () => {
  for (const c of started) if (c.exitCode === null) c.kill('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Start `npm start`'s program on a data directory; resolves with its URL once it says it is ready. */
function startServer(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /ready at (http:\/\/localhost:\d+)/.exec(output);
      if (m && /ready in [\d.]+ s/.test(output)) resolve({ child, url: m[1]!, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`server exited (${code}) before it was ready:\n${output}`)),
    );
  });
}

/** Register a citizen through the public API the way a browser does (session, CSRF cookie and header). */
async function registerCitizen(url: string, body: Record<string, string>) {
  const session = await fetch(`${url}/api/session`);
  const cookie = session.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  return fetch(`${url}/api/auth/register/citizen`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie },
    body: JSON.stringify(body),
  });
}

describe('npm start', () => {
  it('refuses bad configuration with exit code 2 and names the value', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { ...process.env, PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(2);
    expect(err).toContain('PORT="eighty"');
  }, 30_000);

  it('starts on a fresh data directory, survives SIGKILL, and keeps every acknowledged write', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'yiwang-main-'));
    const first = await startServer({ DATA_DIR: dataDir });
    expect(first.output()).toContain('seeded 271 units');
    const res = await registerCitizen(first.url, {
      name: '钱多多',
      idNumber: '11010519491231002X',
      phone: '13700001234',
      password: 'abc12345',
    });
    expect(res.status).toBe(200);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const second = await startServer({ DATA_DIR: dataDir });
    expect(second.output()).toContain('Recovered');
    expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
    const again = await registerCitizen(second.url, {
      name: '钱多多',
      idNumber: '11010519491231002X',
      phone: '13700001235',
      password: 'abc12345',
    });
    expect(again.status).toBe(409); // the acknowledged registration survived the kill
    second.child.kill('SIGTERM');
    expect(await new Promise((r) => second.child.once('exit', r))).toBe(0);
  }, 120_000);
});
