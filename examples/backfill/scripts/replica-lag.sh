#!/usr/bin/env bash
# The simulated replica's lag in seconds: the value in .sim/replica-lag, except that a lag set with
# .sim/replica-catches-up-in (seconds) falls to 0 that long after it is first read.
set -euo pipefail
sim="${BASCULE_SIM_DIR:-.sim}"
if [[ -f "$sim/replica-catches-up-in" ]]; then
  [[ -f "$sim/replica-first-read" ]] || date +%s > "$sim/replica-first-read"
  if (( $(date +%s) - $(cat "$sim/replica-first-read") >= $(cat "$sim/replica-catches-up-in") )); then
    echo 0 > "$sim/replica-lag"
  fi
fi
cat "$sim/replica-lag"
