import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { AppContext } from '../app-context';
import { installAuth } from './auth.hooks';
import { assertAccess } from './access';
import { ANONYMOUS, type Actor } from './actor';

const clerk: Actor = { kind: 'staff', id: 'a', roles: ['clerk'], unit: null, label: 'clerk' };
const citizen: Actor = { kind: 'citizen', id: 'b', roles: ['citizen'], unit: null, label: 'c' };

describe('route access declarations', () => {
  it('refuses at start-up an API route that declares no access', async () => {
    const app = Fastify();
    installAuth(app, {} as AppContext);
    expect(() => app.get('/api/undeclared', async () => 'x')).toThrow(
      /GET \/api\/undeclared declares no access/,
    );
  });

  it('accepts a declared route and leaves the documentation and non-API routes alone', async () => {
    const app = Fastify();
    installAuth(app, {} as AppContext);
    app.get('/api/declared', { config: { access: 'public' } }, async () => 'x');
    app.get('/healthz', async () => 'ok');
    await expect(app.ready()).resolves.toBeDefined();
    await app.close();
  });

  it('answers 401 to nobody and 403 to the wrong role or kind', () => {
    expect(() => assertAccess('signed-in', ANONYMOUS)).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => assertAccess(['admin'], clerk)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertAccess('staff', citizen)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertAccess(['clerk'], clerk)).not.toThrow();
    expect(() => assertAccess('public', ANONYMOUS)).not.toThrow();
  });
});
