#!/usr/bin/env bash
# Sets up, builds and serves the embedded demo configuration on 127.0.0.1:8080:
# one read-only SQLite server over a small operations database (built at first run as
# /tmp/mcpgw-demo.db; set MCPGW_DEMO_DB to put it elsewhere). Extra arguments go to mcpgw,
# e.g. scripts/demo.sh --listen 127.0.0.1:9090
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# MCPGW_WERROR=1 (set by .ci/run): configure as scripts/test.sh does, so its build is reused.
cmake --preset release ${MCPGW_WERROR:+-DMCPGW_WERROR=ON} >/dev/null
cmake --build --preset release --target mcpgw
exec build/release/server/mcpgw serve --demo "$@"
