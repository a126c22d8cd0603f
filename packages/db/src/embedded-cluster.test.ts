import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedCluster } from './embedded-cluster';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function query(url: string, text: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

describe('the embedded PostgreSQL', () => {
  it('initialises on first start, keeps data across restarts, and runs PostgreSQL 18', async () => {
    const base = await mkdtemp(join(tmpdir(), 'yiwang-cluster-'));
    dirs.push(base);
    const cluster = new EmbeddedCluster({ dir: join(base, 'postgres') });
    const first = await cluster.start();
    expect(first.initialised).toBe(true);
    const [version] = await query(first.adminUrl, 'SHOW server_version_num');
    expect(Number(version.server_version_num)).toBeGreaterThanOrEqual(180000);
    await query(first.adminUrl, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');
    await cluster.stop();

    const second = await cluster.start();
    expect(second.initialised).toBe(false);
    expect(await query(second.adminUrl, 'SELECT n FROM kept')).toEqual([{ n: 7 }]);
    await cluster.stop();
  }, 60_000);

  it('recovers when an earlier run was killed and left its PostgreSQL running', async () => {
    const base = await mkdtemp(join(tmpdir(), 'yiwang-orphan-'));
    dirs.push(base);
    const dir = join(base, 'postgres');
    // A separate Node process starts the cluster, writes, and is killed with SIGKILL.
    const script = `
      import { EmbeddedCluster } from ${JSON.stringify(new URL('./embedded-cluster.ts', import.meta.url).pathname)};
      import pg from 'pg';
      const c = new EmbeddedCluster({ dir: ${JSON.stringify(dir)} });
      const { adminUrl } = await c.start();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query('CREATE TABLE acked (n int); INSERT INTO acked VALUES (1)');
      console.log('READY');
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((ready) =>
      child.stdout.on('data', (d: Buffer) => d.includes('READY') && ready()),
    );
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const cluster = new EmbeddedCluster({ dir });
    const restarted = await cluster.start();
    expect(restarted.recoveredOrphan).toBe(true);
    expect(await query(restarted.adminUrl, 'SELECT n FROM acked')).toEqual([{ n: 1 }]);
    await cluster.stop();
  }, 60_000);
});
