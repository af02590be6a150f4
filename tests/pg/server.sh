#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests.
#
#   tests/pg/server.sh start [--watch PID]  start one; print its settings as `export` lines
#                                           (eval them); with --watch, stop it when PID ends
#   tests/pg/server.sh stop DIR             stop it (immediately) and remove DIR
#   tests/pg/server.sh env DIR              print the settings of a running one again
#   tests/pg/server.sh bindir               print where initdb and pg_ctl are (exit 3: nowhere)
#
# The server runs from a new folder /tmp/botctl-pg.XXXXXX: data, log and its unix socket,
# fsync off, trust for the superuser `botctl`, a password (scram) for members of the role
# `botctl_password_users`. It also listens on 127.0.0.1 on a free port, with TLS when
# openssl is there to make a test CA (its certificate: BOTCTL_TEST_PG_CA; the server's
# certificate names `localhost` only). initdb and pg_ctl come from the PATH or the newest
# /usr/lib/postgresql/*/bin (or BOTCTL_PG_BINDIR). As root, the server runs as the
# unprivileged user `postgres` (initdb refuses root).
#
# Exit 3: PostgreSQL is not installed (the tests then say they skipped it). Other
# failures exit 1 with the server's log.
set -euo pipefail

die() { echo "tests/pg/server.sh: $*" >&2; exit 1; }

bindir() {
    if [ -n "${BOTCTL_PG_BINDIR:-}" ]; then
        [ -x "$BOTCTL_PG_BINDIR/initdb" ] && [ -x "$BOTCTL_PG_BINDIR/pg_ctl" ] || return 1
        echo "$BOTCTL_PG_BINDIR"; return 0
    fi
    local p d
    if p=$(command -v initdb 2>/dev/null); then
        d=$(dirname "$(readlink -f "$p")")
        if [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
    fi
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
    done
    return 1
}

# Runs a command as the server's user: ourselves, or `postgres` when we are root.
as_server() {
    if [ "$(id -u)" != 0 ]; then
        "$@"
    elif command -v runuser >/dev/null; then
        runuser -u postgres -- "$@"
    else
        setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
    fi
}

check_dir() {
    case "$1" in
        /tmp/botctl-pg.??????) ;;
        *) die "not a folder of this script: $1" ;;
    esac
}

print_env() {
    echo "export BOTCTL_TEST_PG_HOST=$1"
    echo "export BOTCTL_TEST_PG_PORT=$(cat "$1/port")"
    echo "export BOTCTL_TEST_PG_USER=botctl"
    if [ -f "$1/ca.crt" ]; then echo "export BOTCTL_TEST_PG_CA=$1/ca.crt"; fi
}

# A test CA and a certificate for `localhost` signed by it, in the data folder.
make_certs() {
    local dir=$1
    command -v openssl >/dev/null || return 0
    (
        cd "$dir"
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3 \
            -subj "/CN=botctl test CA" -keyout ca.key -out ca.crt \
            -addext "basicConstraints=critical,CA:TRUE" \
            -addext "keyUsage=critical,keyCertSign,cRLSign"
        openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
            -subj "/CN=localhost" -keyout server.key -out server.csr
        printf '%s\n' "subjectAltName=DNS:localhost" "basicConstraints=CA:FALSE" \
            "extendedKeyUsage=serverAuth" "keyUsage=critical,digitalSignature" >server.ext
        openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3 \
            -extfile server.ext -out server.crt
        cp server.crt server.key data/
        chmod 600 data/server.key
        if [ "$(id -u)" = 0 ]; then chown postgres: data/server.crt data/server.key; fi
    ) >"$dir/openssl.log" 2>&1 || { cat "$dir/openssl.log" >&2; return 1; }
    cat >>"$dir/data/postgresql.conf" <<EOF
ssl = on
ssl_cert_file = 'server.crt'
ssl_key_file = 'server.key'
EOF
}

# A TCP port on 127.0.0.1 that nothing listens on.
free_port() {
    local p
    for _ in $(seq 50); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
    done
    return 1
}

stop() {
    local dir=$1
    check_dir "$dir"
    [ -d "$dir" ] || return 0
    local bin
    bin=$(cat "$dir/bindir" 2>/dev/null || bindir || true)
    if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
        as_server "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    # a server pg_ctl could not stop (its pid file gone): end it by its pid
    if [ -f "$dir/pid" ]; then
        local pid
        pid=$(cat "$dir/pid")
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null \
            && grep -q "$dir" "/proc/$pid/cmdline" 2>/dev/null; then
            kill -QUIT "$pid" 2>/dev/null || true
        fi
    fi
    rm -rf "$dir"
}

start() {
    local watch=
    if [ "${1:-}" = --watch ]; then watch=${2:?--watch needs a pid}; fi
    local bin
    if ! bin=$(bindir); then
        echo "PostgreSQL is not installed (no initdb and pg_ctl on the PATH or under" \
            "/usr/lib/postgresql/*/bin); install it: apt-get install postgresql" >&2
        exit 3
    fi
    if [ "$(id -u)" = 0 ] && ! id -u postgres >/dev/null 2>&1; then
        die "running as root, but there is no user 'postgres' to run the server as" \
            "(initdb refuses root); create one: useradd --system postgres"
    fi
    local dir
    dir=$(mktemp -d /tmp/botctl-pg.XXXXXX)
    trap 'stop "$dir"' ERR
    chmod 700 "$dir"
    echo "$bin" >"$dir/bindir"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    if ! as_server "$bin/initdb" -D "$dir/data" -U botctl --auth=trust -E UTF8 \
        --locale=C --no-sync >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        stop "$dir"
        die "initdb failed"
    fi
    cat >>"$dir/data/postgresql.conf" <<EOF
# botctl tests
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 64MB
log_min_messages = warning
log_min_error_statement = panic
EOF
    cat >"$dir/data/pg_hba.conf" <<EOF
# botctl tests: members of botctl_password_users need their password
local all +botctl_password_users scram-sha-256
local all all trust
host all +botctl_password_users 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
EOF
    make_certs "$dir" || { stop "$dir"; die "making the test certificates failed"; }
    # the port may be taken between choosing and binding it: try a few
    local started=
    for _ in 1 2 3 4 5; do
        free_port >"$dir/port" || break
        if as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-p $(cat "$dir/port")" start >/dev/null 2>&1; then
            started=1; break
        fi
    done
    if [ -z "$started" ]; then
        tail -n 30 "$dir/server.log" >&2 || true
        stop "$dir"
        die "the server did not start"
    fi
    head -n 1 "$dir/data/postmaster.pid" >"$dir/pid"
    if [ -n "$watch" ]; then
        # Stops the server once the process it serves has ended, however it ended.
        setsid bash -c '
            while kill -0 "$1" 2>/dev/null && [ -d "$2" ]; do sleep 1; done
            exec "$3" stop "$2"
        ' watchdog "$watch" "$dir" "$(readlink -f "$0")" </dev/null >/dev/null 2>&1 &
    fi
    trap - ERR
    print_env "$dir"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) stop "${2:?usage: $0 stop DIR}" ;;
    env) check_dir "${2:?usage: $0 env DIR}"; print_env "$2" ;;
    bindir) bindir || exit 3 ;;
    *) echo "usage: $0 start [--watch PID] | stop DIR | env DIR | bindir" >&2; exit 2 ;;
esac
