#!/bin/bash
# The streaming replica: on first start, a base backup of the primary with -R (standby.signal
# and primary_conninfo written by pg_basebackup), then PostgreSQL as a hot standby.
set -euo pipefail
export PGDATA=/var/lib/postgresql/data
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h db -p 5432; do sleep 2; done
  rm -rf "${PGDATA:?}"/*
  gosu postgres pg_basebackup -h db -p 5432 -U replicator -D "$PGDATA" -R -X stream -c fast
  chmod 700 "$PGDATA"
fi
exec gosu postgres postgres -c hot_standby=on
