#!/usr/bin/env bash
# Rollback of STEP-3-1: sets the discount flag to 0% (off), as the plan's rollback step says; idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"

if [[ "$(flag_state)" == "0 "* ]]; then say "$DISCOUNT_FLAG already off"; exit 0; fi
feature-flag set "$DISCOUNT_FLAG" --percentage=0
