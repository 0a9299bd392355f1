#!/bin/sh
# Restore a dump made by backup.sh into an EMPTY database: deploy/restore.sh FILE DATABASE_URL
# One transaction: either everything is restored, or nothing is.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 FILE DATABASE_URL" >&2; exit 2; }
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$2" "$1"
