#!/usr/bin/env bash
# make restore FROM=var/backups/<stamp> INTO=<new database name> [MEDIA_INTO=<new folder>]
# Restores a `make backup` into a NEW database on the server of DATABASE_URL (never over an
# existing one) and its media files into a new folder (default var/restore/<INTO>/media), then
# prints the DATABASE_URL and TJQA_MEDIA_ROOT to run the portal on them.
set -euo pipefail
cd "$(dirname "$0")/.."

from="${1:?usage: restore.sh <backup folder> <new database name>}"
into="${2:?usage: restore.sh <backup folder> <new database name>}"
: "${DATABASE_URL:?DATABASE_URL=postgres://… is required (the server to restore onto)}"
python="${PYTHON:-python3}"

[[ "$into" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { echo "INTO must be a plain database name (a-z, 0-9, _): $into" >&2; exit 2; }
[ -f "$from/database.dump" ] && [ -f "$from/media.tar.gz" ] || { echo "not a backup folder: $from" >&2; exit 2; }
(cd "$from" && sha256sum --check --quiet SHA256SUMS) || { echo "checksums do not match: $from" >&2; exit 2; }

url_with_db() {  # DATABASE_URL with its database name replaced by $1
  "$python" -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$DATABASE_URL" "$1"
}
admin_url=$(url_with_db postgres)
new_url=$(url_with_db "$into")
media_into="${MEDIA_INTO:-var/restore/$into/media}"

if [ -n "$(psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$into'")" ]; then
  echo "database $into exists: restore goes into a new database" >&2; exit 2
fi
if [ -e "$media_into" ] && [ -n "$(ls -A "$media_into")" ]; then
  echo "media folder $media_into is not empty: restore goes into a new folder" >&2; exit 2
fi

psql "$admin_url" -qc "CREATE DATABASE \"$into\""
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$new_url" "$from/database.dump"
mkdir -p "$media_into"
tar -xzf "$from/media.tar.gz" -C "$media_into"
echo "restored into DATABASE_URL=$new_url TJQA_MEDIA_ROOT=$(cd "$media_into" && pwd)"
