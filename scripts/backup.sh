#!/usr/bin/env bash
# Back up Yiwang (the database, uploaded files and the e-licence signing secret) or restore it.
#
#   scripts/backup.sh backup  <directory>             writes <directory>/yiwang-<UTC time>/ and prints its path
#   scripts/backup.sh restore <backup dir> [--replace]
#
# The database is DATABASE_URL's, or the embedded PostgreSQL under DATA_DIR (default ./data). Format:
#   - pg_dump -Fc → database.dump, when a pg_dump at least as new as the server is installed
#     (e.g. Debian's pg_dump 15 for an external PostgreSQL 15); restored with pg_restore into an EMPTY
#     database (createdb it first);
#   - otherwise `yiwang backup` → database.backup.gz (gzip'd JSON lines, one snapshot; no pg_dump 18
#     exists for the embedded PostgreSQL 18 on Debian 12 or on npm); restored with `yiwang migrate`
#     then `yiwang restore`, so an empty or a freshly migrated database will do.
#   BACKUP_FORMAT=pg_dump|yiwang forces one (default auto).
# DATA_DIR's files/ and license-signing.secret go to files.tar.gz and come back on restore.
# Restore with no server running on the target (see docs/operations.md#backup-and-restore).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA_DIR="$(realpath -m "${DATA_DIR:-data}")"
FORMAT="${BACKUP_FORMAT:-auto}"

yiwang() { (cd "$ROOT" && DATA_DIR="$DATA_DIR" node --import tsx packages/server/src/cli.ts "$@"); }
die() {
  echo "backup.sh: $*" >&2
  exit 2
}

# The major version of pg_dump if installed and able to dump DATABASE_URL's server, else nothing.
pg_dump_fits() {
  [ -n "${DATABASE_URL:-}" ] && command -v pg_dump >/dev/null && command -v psql >/dev/null || return 1
  local client server
  client="$(pg_dump --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)?.*/\1/')"
  server="$(psql "$DATABASE_URL" -XAtc 'SHOW server_version_num')" || return 1
  [ "$client" -ge "$((server / 10000))" ]
}

backup() {
  local parent="${1:?usage: backup.sh backup <directory>}"
  local out
  out="$(realpath -m "$parent")/yiwang-$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir -p "$out"
  local format="$FORMAT"
  if [ "$format" = auto ]; then pg_dump_fits && format=pg_dump || format=yiwang; fi
  case "$format" in
    pg_dump)
      [ -n "${DATABASE_URL:-}" ] || die "BACKUP_FORMAT=pg_dump needs DATABASE_URL"
      pg_dump --format=custom --no-owner --file="$out/database.dump.partial" "$DATABASE_URL"
      mv "$out/database.dump.partial" "$out/database.dump"
      ;;
    yiwang) yiwang backup --out "$out/database.backup.gz" >&2 ;;
    *) die "BACKUP_FORMAT must be auto, pg_dump or yiwang (got $format)" ;;
  esac
  local items=()
  [ -d "$DATA_DIR/files" ] && items+=(files)
  [ -f "$DATA_DIR/license-signing.secret" ] && items+=(license-signing.secret)
  if [ ${#items[@]} -gt 0 ]; then tar -C "$DATA_DIR" -czf "$out/files.tar.gz" "${items[@]}"; fi
  echo "$out"
}

restore() {
  local from="${1:?usage: backup.sh restore <backup directory> [--replace]}"
  shift
  [ -d "$from" ] || die "$from is not a backup directory"
  if [ -f "$from/database.dump" ]; then
    [ -n "${DATABASE_URL:-}" ] || die "a pg_dump backup is restored into DATABASE_URL (an empty database)"
    pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
      --dbname="$DATABASE_URL" "$from/database.dump"
  elif [ -f "$from/database.backup.gz" ]; then
    yiwang migrate >&2
    yiwang restore --from "$from/database.backup.gz" "$@" >&2
  else
    die "$from holds neither database.dump nor database.backup.gz"
  fi
  if [ -f "$from/files.tar.gz" ]; then
    mkdir -p "$DATA_DIR"
    tar -C "$DATA_DIR" -xzf "$from/files.tar.gz"
  fi
  echo "restored $from"
}

case "${1:-}" in
  backup) shift && backup "$@" ;;
  restore) shift && restore "$@" ;;
  *) die "usage: backup.sh backup <directory> | restore <backup directory> [--replace]" ;;
esac
