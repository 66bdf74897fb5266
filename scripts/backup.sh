#!/usr/bin/env bash
# make backup: the PostgreSQL database (pg_dump, custom format) and a tarball of the media files
# (MEDIA_ROOT: uploads and certificates), into var/backups/<UTC timestamp>/ with checksums.
# Uses DATABASE_URL and TJQA_MEDIA_ROOT (default var/media); BACKUP_DIR overrides var/backups.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?DATABASE_URL=postgres://… is required (the database to back up)}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "make backup: DATABASE_URL must be postgres://… (the embedded SQLite is not backed up this way)" >&2; exit 2 ;;
esac
media_root="${TJQA_MEDIA_ROOT:-var/media}"
dest="${BACKUP_DIR:-var/backups}/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$dest" "$media_root"

pg_dump --format=custom --no-owner --no-privileges --file="$dest/database.dump" --dbname="$DATABASE_URL"
tar -czf "$dest/media.tar.gz" -C "$media_root" .
(cd "$dest" && sha256sum database.dump media.tar.gz > SHA256SUMS)
echo "$dest"
