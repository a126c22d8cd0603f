/**
 * Regenerate packages/db/src/schema.ts from every migration in the folder: a scratch database
 * on DATABASE_URL's server (default: the machine's PostgreSQL) is dropped, recreated,
 * migrated and read by the code generator.
 *
 * Usage: npm run db:schema   (DATABASE_URL=postgres://… to use another server)
 */
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrate } from '../packages/db/src/migrate';
import { generateSchema } from '../packages/db/scripts/codegen';

const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const scratch = `yiwang_schema_${process.pid}`;
const admin = new pg.Client({ connectionString: base.toString() });
await admin.connect();
await admin.query(`CREATE DATABASE ${scratch}`);
try {
  const url = new URL(base);
  url.pathname = `/${scratch}`;
  await migrate(url.toString(), (line) => process.stdout.write(`${line}\n`));
  await generateSchema(
    url.toString(),
    fileURLToPath(new URL('../packages/db/src/schema.ts', import.meta.url)),
  );
  process.stdout.write('packages/db/src/schema.ts regenerated\n');
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
  await admin.end();
}
