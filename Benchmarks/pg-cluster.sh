# A throwaway PostgreSQL cluster for the benchmarks, sourced by them (bash):
#   pg_start DIR   initdb into DIR, start on a free loopback port; sets PG_PORT, PG_URL_BASE, PG_BIN
#   pg_createdb NAME   a new database; prints its postgres:// URL
#   pg_psql NAME ARGS...   psql against database NAME
#   pg_stop        stop the server (the caller's EXIT trap should call it)
# PostgreSQL refuses to run as root, so as root the server runs as `nobody`. The server keeps its
# durable defaults (fsync, synchronous_commit on), as a lab's would; only the buffer cache and
# the write-ahead log's checkpoint distance are raised, as for any bulk-loaded database.

pg_start() {
  PG_DIR=$1
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL's server programs are missing (apt-get install postgresql; .ci/setup does it)" >&2; return 1; }
  PG_PASSWORD=bench-$RANDOM$RANDOM
  mkdir -p "$PG_DIR"
  echo "$PG_PASSWORD" > "$PG_DIR/pwfile"
  if [ "$(id -u)" -eq 0 ]; then
    # The server's user must be able to pass through the parent (mktemp makes it 0700).
    chmod go+x "$(dirname "$PG_DIR")"; chown -R nobody "$PG_DIR"; chmod 700 "$PG_DIR"; PG_AS=(runuser -u nobody --)
  else PG_AS=(); fi
  (cd / && "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U flopwatch -A scram-sha-256 --pwfile="$PG_DIR/pwfile" \
    -E UTF8 --locale=C --no-sync >/dev/null)
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  (cd / && "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c max_wal_size=4GB" start >/dev/null)
  PG_URL_BASE="postgres://flopwatch:$PG_PASSWORD@127.0.0.1:$PG_PORT"
  export PGPASSWORD=$PG_PASSWORD
}

pg_createdb() {
  "$PG_BIN/psql" -X -q -d "$PG_URL_BASE/postgres" -c "CREATE DATABASE $1" >/dev/null
  echo "$PG_URL_BASE/$1"
}

pg_psql() {
  local db=$1; shift
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$PG_URL_BASE/$db" "$@"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ] && (cd / && "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1) || true
}
