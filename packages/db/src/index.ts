export { openDatabase, ensureDatabase, withDatabase, type Database, type DatabaseOptions } from './database';
export {
  ClusterInUseError,
  EmbeddedCluster,
  type EmbeddedClusterOptions,
  type StartedCluster,
} from './embedded-cluster';
export { migrate, loadMigrations, migrationsFingerprint, MIGRATIONS_DIR } from './migrate';
export { findPostgresBinaries } from './postgres-binaries';
export type * from './schema';
