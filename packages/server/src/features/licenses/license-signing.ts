import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  scryptSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { licenseSigningText, type LicensePayload } from '@yiwang/domain';
import type { Database } from '@yiwang/db';
import { loadConfig, type Config } from '../../config';

export const SECRET_FILE = 'license-signing.secret';

type SigningConfig = Pick<Config, 'licenseSigningSecret' | 'dataDir'>;
let signingConfig: SigningConfig | undefined;
let secretCache: { config: SigningConfig; secret: string } | undefined;
const privateKeys = new Map<string, KeyObject>();
const publicKeys = new Map<string, KeyObject>();
/**
 * Outcomes of signature checks by key id, signature and signed text. A check is a pure
 * function of these (a key's public half never changes), so a repeated check of the same
 * stored licence is answered from here; any changed field changes the text and is checked anew.
 */
const verified = new Map<string, boolean>();
const VERIFIED_MAX = 10_000;

/**
 * Where the secret that encrypts signing keys at rest comes from: LICENSE_SIGNING_SECRET, or
 * DATA_DIR/license-signing.secret. Called when the app is built; before that (the seed at
 * start-up) the configuration is read from the environment.
 */
export function configureLicenseSigning(config: SigningConfig): void {
  signingConfig = config;
}

/**
 * The secret, or the one generated once into DATA_DIR (mode 600). Created with link(2) so
 * that processes starting together agree on one file. Copies of the server that do not
 * share DATA_DIR must share LICENSE_SIGNING_SECRET instead, or they cannot decrypt each
 * other's keys.
 */
function masterSecret(): string {
  const config = signingConfig ?? loadConfig(process.env);
  if (secretCache?.config === config) return secretCache.secret;
  let secret = config.licenseSigningSecret;
  if (!secret) {
    const file = join(config.dataDir, SECRET_FILE);
    try {
      secret = readFileSync(file, 'utf8').trim();
    } catch {
      mkdirSync(config.dataDir, { recursive: true });
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      writeFileSync(tmp, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
      chmodSync(tmp, 0o600);
      try {
        linkSync(tmp, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        unlinkSync(tmp);
      }
      secret = readFileSync(file, 'utf8').trim();
    }
  }
  secretCache = { config, secret };
  return secret;
}

/** AES-256-GCM under scrypt(secret, salt): `v1:` + base64(salt | iv | tag | ciphertext). */
export function encryptPrivateKey(pem: string, secret = masterSecret()): string {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', scryptSync(secret, salt, 32), iv);
  const ciphertext = Buffer.concat([cipher.update(pem, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([salt, iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
}

export function decryptPrivateKey(stored: string, secret = masterSecret()): string {
  if (!stored.startsWith('v1:')) throw new Error('unknown signing key encoding');
  const raw = Buffer.from(stored.slice(3), 'base64');
  const [salt, iv, tag, ciphertext] = [
    raw.subarray(0, 16),
    raw.subarray(16, 28),
    raw.subarray(28, 44),
    raw.subarray(44),
  ];
  const decipher = createDecipheriv('aes-256-gcm', scryptSync(secret, salt, 32), iv);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(
      'the e-licence signing key cannot be decrypted: every server copy must share LICENSE_SIGNING_SECRET (or DATA_DIR)',
    );
  }
}

export type ActiveKey = { id: string; privateKey: KeyObject };

/**
 * The key that signs new licences, created on first use. A partial unique index allows one
 * active key, so copies racing to create it end up with the same one.
 */
export async function activeSigningKey(db: Database): Promise<ActiveKey> {
  let row = await db
    .selectFrom('signing_key')
    .select(['id', 'private_key_pem'])
    .where('retired_at', 'is', null)
    .executeTakeFirst();
  if (!row) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    await db
      .insertInto('signing_key')
      .values({
        algorithm: 'Ed25519',
        public_key_pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        private_key_pem: encryptPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    row = await db
      .selectFrom('signing_key')
      .select(['id', 'private_key_pem'])
      .where('retired_at', 'is', null)
      .executeTakeFirstOrThrow();
  }
  let privateKey = privateKeys.get(row.id);
  if (!privateKey) {
    privateKey = createPrivateKey(decryptPrivateKey(row.private_key_pem));
    privateKeys.set(row.id, privateKey);
  }
  return { id: row.id, privateKey };
}

/** Retire the active key; the next licence is signed with a new one, and old licences still verify. */
export async function retireActiveSigningKey(db: Database): Promise<string | undefined> {
  const row = await db
    .updateTable('signing_key')
    .set({ retired_at: new Date() })
    .where('retired_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export function signLicense(payload: LicensePayload, key: KeyObject): string {
  return sign(null, Buffer.from(licenseSigningText(payload), 'utf8'), key).toString('base64');
}

/** Whether a signature holds over the payload with the public key of `keyId`. */
export async function verifyLicenseSignature(
  db: Database,
  keyId: string,
  payload: LicensePayload,
  signature: string,
): Promise<boolean> {
  let publicKey = publicKeys.get(keyId);
  if (!publicKey) {
    const row = await db
      .selectFrom('signing_key')
      .select('public_key_pem')
      .where('id', '=', keyId)
      .executeTakeFirst();
    if (!row) return false;
    publicKey = createPublicKey(row.public_key_pem);
    publicKeys.set(keyId, publicKey);
  }
  const text = licenseSigningText(payload);
  const memo = `${keyId}\n${signature}\n${text}`;
  const known = verified.get(memo);
  if (known !== undefined) return known;
  let ok: boolean;
  try {
    ok = verify(null, Buffer.from(text, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    ok = false;
  }
  if (verified.size >= VERIFIED_MAX) verified.clear();
  verified.set(memo, ok);
  return ok;
}
