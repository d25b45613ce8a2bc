#!/usr/bin/env bash
# Sets the discount flag (PHASE-3): args PERCENT [GROUP], or, when run by Bascule, the values of
# $BASCULE_STEP_ID (STEP-3-1: 5 internal, STEP-3-2: 25, STEP-3-3: 100). Needs v2 serving; idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"

if [[ $# -eq 0 ]]; then
  case "${BASCULE_STEP_ID:-}" in
    STEP-3-1) set -- 5 internal ;;
    STEP-3-2) set -- 25 ;;
    STEP-3-3) set -- 100 ;;
    *) echo "usage: configure-feature-flag.sh PERCENT [GROUP] (or run as STEP-3-1/2/3)" >&2; exit 2 ;;
  esac
fi
[[ "$(traffic)" == green ]] && deployment_ready cart-service-green ||
  die "cart-service v2 (green) is not serving; the flag would have no effect"
deployment_ready discount-service || die "discount-service is not ready"
feature-flag set "$DISCOUNT_FLAG" "--percentage=$1" ${2:+"--users=$2"}
