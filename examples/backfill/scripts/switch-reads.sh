#!/usr/bin/env bash
# The order service's read switch, kept in the simulation's folder: v1 reads orders, v2 reads orders_v2.
set -euo pipefail
sim="${BASCULE_SIM_DIR:-.sim}"
mkdir -p "$sim"
echo "$1" > "$sim/reads-from"
table=orders; [[ "$1" == v2 ]] && table=orders_v2
echo "order service reads from $table"
