#!/bin/sh
# Nightly `observatorio backup` into /backups (a host folder), kept 30 days. A backup is only
# as good as its restore: docs/deploy.md has the monthly restore drill.
set -eu
while true; do
  f="/backups/observatorio-$(date -u +%Y-%m-%dT%H%M).obsbak.gz"
  if observatorio backup "$f"; then echo "backup written: $f"; else echo "backup FAILED" >&2; fi
  find /backups -name 'observatorio-*.obsbak.gz' -mtime +30 -delete
  sleep 86400
done
