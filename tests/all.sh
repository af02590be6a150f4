#!/usr/bin/env bash
# Every test, on both backends: the README's test command, and what CI runs after fmt and
# clippy. The PostgreSQL half needs a real server: PostgreSQL is installed where it is
# missing (as root, with apt-get, without Debian's default cluster), one throwaway server
# is started for every test binary (tests/pg/server.sh) and stopped at the end, and the
# tests fail rather than skip when it cannot start.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! bash tests/pg/server.sh bindir >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        mkdir -p /etc/postgresql-common
        [ -e /etc/postgresql-common/createcluster.conf ] \
            || echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            -o Dpkg::Options::=--force-confold postgresql >/dev/null
    fi
fi
pg_env=$(bash tests/pg/server.sh start)
eval "$pg_env"
trap 'bash tests/pg/server.sh stop "$BOTCTL_TEST_PG_HOST"' EXIT
export BOTCTL_REQUIRE_PG=1

# Everything, SQLite end to end; the store suites (tests/store_conformance.rs,
# tests/postgres*.rs) on both backends.
cargo test --locked

# The end-to-end suites once more against PostgreSQL: each test gets a schema of its own
# on the same server; tests about SQLite files say they skip themselves.
BOTCTL_TEST_BACKEND=postgres cargo test --locked --test core --test rules \
    --test scripting --test edge_cases --test people --test reliability --test stats \
    --test shell --test pty --test corners --test corners_pty --test crm --test events \
    --test engine --test audit
