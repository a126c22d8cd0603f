import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSchema } from '../scripts/codegen';
import { createTestDatabase, type TestDatabase } from './testing';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('the generated row types', () => {
  it('match the migrated schema, table comments included (regenerate with `npm run codegen` in packages/db)', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'yiwang-codegen-')), 'schema.ts');
    await generateSchema(t.url, out);
    const generated = await readFile(out, 'utf8');
    expect(generated).toContain('/**\n * An organisation unit');
    expect(generated).toBe(await readFile(new URL('./schema.ts', import.meta.url), 'utf8'));
  }, 60_000);
});
