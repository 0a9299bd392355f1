#!/bin/sh
# Back up the database: deploy/backup.sh DATABASE_URL FILE
# A custom-format dump (compressed, restorable table by table), without owners or
# grants so that it restores into any database. Run nightly from the worker host.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 DATABASE_URL FILE" >&2; exit 2; }
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$2" "$1"
