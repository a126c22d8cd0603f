import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema';

export type Database = Kysely<DB>;

const DATE_ARRAY = 1182;
const TEXT_ARRAY = 1009 as Parameters<typeof pg.types.getTypeParser>[0];

// Dates stay 'YYYY-MM-DD' strings (a calendar day has no time zone); int8 fits a JS number here.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === pg.types.builtins.DATE) return (value: string) => value;
    // date[] (no name in pg's builtins) is read as text[]: an array of 'YYYY-MM-DD' strings too.
    if (oid === DATE_ARRAY) return pg.types.getTypeParser(TEXT_ARRAY, format);
    if (oid === pg.types.builtins.INT8) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

export type DatabaseOptions = {
  max?: number;
  applicationName?: string;
  /**
   * How long a query may wait for a connection — a free one in the pool, or a new one to a
   * PostgreSQL that does not answer — before it fails (default 30 s; the server uses 5 s, so a
   * request during an outage gets a 503 instead of hanging).
   */
  connectTimeoutMs?: number;
  /** PostgreSQL's `statement_timeout` for every connection (default: none). */
  statementTimeoutMs?: number;
};

/**
 * A Kysely instance over a `pg` pool.
 *
 * @example
 * const { db, pool } = openDatabase(process.env.DATABASE_URL!);
 * const units = await db.selectFrom('org_unit').selectAll().execute();
 */
export function openDatabase(url: string, options: DatabaseOptions = {}): { db: Database; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'yiwang',
    connectionTimeoutMillis: options.connectTimeoutMs ?? 30_000,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    types,
  });
  pool.on('error', () => {}); // an idle client's error is surfaced by the next query
  // pg-pool listens for errors only on idle clients: a checked-out client whose server goes away
  // between two queries (PostgreSQL killed or restarted) would emit an unhandled 'error' and end the
  // process. Its query fails instead, and the pool discards it on release (it is no longer queryable).
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool };
}

/** Create database `name` on the server of `adminUrl` if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, name);
}

/** The same connection string pointing at another database. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}
