#!/usr/bin/env bash
# The share of order reads served from orders_v2: 1 once reads switched, else 0 (the simulation has no partial switch).
set -euo pipefail
if grep -qx v2 "${BASCULE_SIM_DIR:-.sim}/reads-from" 2>/dev/null; then echo 1; else echo 0; fi
