/**
 * The API ceiling of the services bench: a minimal Fastify process whose one route inserts one row
 * into PostgreSQL — no session, no CSRF, no validation, no workflow, no audit. What our API's
 * write endpoints are measured against, on the same machine, database and load generator.
 *
 *   GET  /readyz  → 200 {"status":"ready"}
 *   POST /insert  → INSERT INTO bench_insert (payload) VALUES ($1 = the JSON body) RETURNING id → 201 {"id"}
 *
 * The table is created if missing. A pg pool of 20 connections, like the server's default.
 * Environment: PORT, DATABASE_URL. Run: `node --import tsx bench/peers/fastify-insert.ts`.
 */
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
await pool.query(
  'CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
);
const app = Fastify({ logger: false });
app.get('/readyz', async () => ({ status: 'ready' }));
app.post('/insert', async (request, reply) => {
  const { rows } = await pool.query<{ id: string }>(
    'INSERT INTO bench_insert (payload) VALUES ($1) RETURNING id',
    [request.body],
  );
  return reply.status(201).send({ id: rows[0]!.id });
});
const stop = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
