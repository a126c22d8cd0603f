import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../core/app-context';
import { scopeOf, type Actor } from '../../core/auth/actor';
import { sha256 } from '../../core/auth/session.repository';
import { recordAudit } from '../../core/audit/audit-log';
import { notFound } from '../../core/problem';
import { getManagedUnit } from '../units/unit.service';
import { findApiKeyInScope, insertApiKey, listApiKeys, revokeApiKey } from './api-key.repository';

const KEY = { zh: 'API 密钥', en: 'API key' };

export const listKeys = (ctx: AppContext, actor: Actor) => listApiKeys(ctx.db, scopeOf(actor));

/**
 * Create a key `yk_<prefix>_<secret>` for a unit the administrator manages. Only the
 * secret's SHA-256 is stored, so the key is returned once and never again.
 */
export async function createKey(
  ctx: AppContext,
  actor: Actor,
  input: { name: string; roles: string[]; unitId: string },
) {
  await getManagedUnit(ctx, actor, input.unitId);
  const prefix = randomBytes(4).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await insertApiKey(trx, { ...input, prefix, secretHash: sha256(secret), createdBy: actor.id });
    await recordAudit(trx, actor, {
      action: 'api-key.create',
      entity: 'api_key',
      entityId: id,
      summary: { name: input.name, roles: input.roles },
    });
    return id;
  });
  return { id, key: `yk_${prefix}_${secret}` };
}

export async function revokeKey(ctx: AppContext, actor: Actor, id: string) {
  const found = await findApiKeyInScope(ctx.db, scopeOf(actor), id);
  if (!found) throw notFound(KEY);
  await ctx.db.transaction().execute(async (trx) => {
    await revokeApiKey(trx, found);
    await recordAudit(trx, actor, { action: 'api-key.revoke', entity: 'api_key', entityId: found });
  });
}
