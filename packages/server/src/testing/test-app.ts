import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { createTestDatabase, type TestDatabase } from '@yiwang/db/testing';
import { DEMO_PASSWORD } from '@yiwang/fixtures';
import { buildApp } from '../app';
import { loadConfig, type Config } from '../config';
import type { AppContext } from '../core/app-context';
import { verifyAuditChain } from '../core/audit/audit-log';
import { seed } from '../seed';

export type TestApp = {
  app: FastifyInstance;
  ctx: AppContext;
  database: TestDatabase;
  /** A browser-like client: keeps cookies, sends the CSRF token on state-changing requests. */
  client: () => TestClient;
  /** A client signed in as a demo staff account (password Yiwang@2026). */
  staff: (username: string) => Promise<TestClient>;
  /** Close the app, verify the audit chain of its database (unless `verifyAudit: false`), drop it. */
  close: (options?: { verifyAudit?: boolean }) => Promise<void>;
};

export type TestClient = {
  request: (options: InjectOptions & { csrf?: boolean }) => Promise<LightMyRequestResponse>;
  get: (url: string) => Promise<LightMyRequestResponse>;
  post: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  put: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  patch: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  delete: (url: string) => Promise<LightMyRequestResponse>;
  cookies: Record<string, string>;
};

/**
 * A fresh database (cloned from the migrated template), seeded with the reference and demo
 * data, and the whole app built on it — called in-process, no port opened.
 *
 * @example
 * const t = await createTestApp();
 * const admin = await t.staff('admin');
 * const res = await admin.get('/api/users');
 */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  await seed(database.db, { demo: true });
  const config = { ...loadConfig({}), ...overrides };
  const { app, ctx } = await buildApp({
    db: database.db,
    config,
    logger: testLogger(config),
    serveWeb: false,
  });
  await app.ready();

  const client = (): TestClient => {
    const cookies: Record<string, string> = {};
    let csrfToken: string | undefined;
    const request = async (options: InjectOptions & { csrf?: boolean }) => {
      const method = (options.method ?? 'GET').toUpperCase();
      const headers: Record<string, string> = { ...(options.headers as Record<string, string>) };
      if (options.csrf !== false && method !== 'GET' && method !== 'HEAD') {
        if (!csrfToken) {
          const s = await request({ method: 'GET', url: '/api/session' });
          csrfToken = s.json<{ csrfToken: string }>().csrfToken;
        }
        headers['x-csrf-token'] ??= csrfToken;
      }
      const cookieHeader = Object.entries(cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; ');
      if (cookieHeader) headers.cookie = cookieHeader;
      const { csrf: _csrf, ...rest } = options;
      const response = await app.inject({ ...rest, headers });
      for (const c of response.cookies) {
        if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) delete cookies[c.name];
        else cookies[c.name] = c.value;
      }
      const body = String(response.headers['content-type'] ?? '').includes('json')
        ? safeJson(response.body)
        : undefined;
      if (body && typeof body === 'object' && 'csrfToken' in body) csrfToken = String(body.csrfToken);
      return response;
    };
    const withBody = (method: 'POST' | 'PUT' | 'PATCH') => (url: string, body?: unknown) =>
      request({ method, url, ...(body === undefined ? {} : { payload: body as object }) });
    return {
      request,
      cookies,
      get: (url) => request({ method: 'GET', url }),
      post: withBody('POST'),
      put: withBody('PUT'),
      patch: withBody('PATCH'),
      delete: (url) => request({ method: 'DELETE', url }),
    };
  };

  const staff = async (username: string) => {
    const c = client();
    const res = await c.post('/api/auth/login', { username, password: DEMO_PASSWORD });
    if (res.statusCode !== 200) throw new Error(`login as ${username} failed: ${res.statusCode} ${res.body}`);
    return c;
  };

  return {
    app,
    ctx,
    database,
    client,
    staff,
    close: async ({ verifyAudit = true } = {}) => {
      await app.close();
      // Whatever the test did through the app, the audit chain over its database still holds
      // (the check `npm run yiwang -- audit verify` makes); only a tampering test opts out.
      let audit;
      try {
        audit = verifyAudit ? await verifyAuditChain(database.db) : undefined;
      } finally {
        await database.drop();
      }
      if (audit && !audit.ok) throw new Error(`audit chain broken after the test: ${JSON.stringify(audit)}`);
    },
  };
}

/**
 * With YIWANG_TEST_LOG_DIR set (npm test sets it), the app logs as in production — same level,
 * same serializers — as JSON lines into that directory, one file per test process, for the
 * personal-data scan (scripts/scan-test-logs.ts). Otherwise no logging.
 */
function testLogger(config: Config): false | object {
  const dir = process.env.YIWANG_TEST_LOG_DIR;
  if (!dir) return false;
  // Synchronous writes: a test process may exit right after its last request.
  logStream ??= pino.destination({ dest: join(dir, `${process.pid}.jsonl`), mkdir: true, sync: true });
  return { level: config.logLevel, stream: logStream };
}
let logStream: ReturnType<typeof pino.destination> | undefined;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
