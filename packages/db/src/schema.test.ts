import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testing';

const run = promisify(execFile);
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('the generated row types', () => {
  it('match the migrated schema (regenerate with `npm run codegen` in packages/db)', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'yiwang-codegen-')), 'schema.ts');
    const pkg = new URL('..', import.meta.url).pathname;
    const { scripts } = JSON.parse(await readFile(join(pkg, 'package.json'), 'utf8')) as {
      scripts: { codegen: string };
    };
    const args = scripts.codegen
      .replace(/^kysely-codegen /, '')
      .replace('src/schema.ts', out)
      .match(/'[^']*'|\S+/g)!
      .map((a) => a.replace(/^'|'$/g, ''));
    await run('npx', ['kysely-codegen', ...args, '--url', t.url], { cwd: pkg });
    expect(await readFile(out, 'utf8')).toBe(await readFile(join(pkg, 'src/schema.ts'), 'utf8'));
  }, 60_000);
});
