/**
 * Regenerate src/schema.ts from a migrated database: kysely-codegen writes the row types
 * (with column comments), then each table's `COMMENT ON TABLE` is added as the JSDoc of its
 * interface — kysely-codegen reads column comments only.
 *
 * Usage: DATABASE_URL=postgres://… tsx scripts/codegen.ts [out-file]
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export async function generateSchema(url: string, outFile: string): Promise<void> {
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  await run(
    'npx',
    [
      'kysely-codegen',
      '--dialect',
      'postgres',
      '--url',
      url,
      '--out-file',
      outFile,
      '--exclude-pattern',
      'schema_migration',
      '--type-mapping',
      JSON.stringify({ date: 'string', int8: 'number' }),
    ],
    { cwd },
  );
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ name: string; comment: string }>(`
    SELECT c.relname AS name, obj_description(c.oid, 'pg_class') AS comment
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND obj_description(c.oid, 'pg_class') IS NOT NULL`);
  await client.end();
  let text = await readFile(outFile, 'utf8');
  for (const { name, comment } of rows) {
    const typeName = name.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
    const doc = `/**\n${comment
      .split('\n')
      .map((l) => ` * ${l}`.trimEnd())
      .join('\n')}\n */\n`;
    text = text.replace(`export interface ${typeName} {`, `${doc}export interface ${typeName} {`);
  }
  await writeFile(outFile, text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL to a migrated database');
  await generateSchema(url, process.argv[2] ?? fileURLToPath(new URL('../src/schema.ts', import.meta.url)));
}
