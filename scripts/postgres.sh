# A throwaway PostgreSQL 15 cluster on 127.0.0.1 for tests and benchmarks (sourced by test.sh).
PG_BIN=/usr/lib/postgresql/15/bin
PG_PORT=${PG_PORT:-55432}
PG_DIR=${PG_DIR:-$(mktemp -d /tmp/svtrack-pg.XXXXXX)}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$PG_DIR"; fi
  as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=on -c max_connections=200" start >/dev/null
  echo "PostgreSQL started on 127.0.0.1:$PG_PORT ($PG_DIR)"
}

pg_stop() {
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
