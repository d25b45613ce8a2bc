#!/usr/bin/env bash
# Step-level rollback: reduces the discount flag to PERCENT ($1, default 0 = disable), keeping its audience.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"

to="${1:-0}"
[[ "$to" =~ ^(100|[1-9]?[0-9])$ ]] || { echo "usage: step-rollback.sh [PERCENT]" >&2; exit 2; }
read -r pct audience <<<"$(flag_state)"
(( to <= pct )) || die "flag is at $pct%; $to% would not reduce it"
if (( to == pct )); then say "$DISCOUNT_FLAG already at $pct%"; exit 0; fi
if (( to == 0 )); then feature-flag set "$DISCOUNT_FLAG" --percentage=0
else feature-flag set "$DISCOUNT_FLAG" "--percentage=$to" "--users=$audience"; fi
say "now verify the error rate returns to normal (manual step of the plan)"
