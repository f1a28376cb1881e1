#!/bin/bash
# Runs once, when the primary's data folder is created: a replication role for the replica and
# the line that lets it connect (password, from the compose network only).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
create role replicator with replication login password '${REPLICATION_PASSWORD}';
SQL
echo "host replication replicator 172.30.0.0/24 scram-sha-256" >> "$PGDATA/pg_hba.conf"
