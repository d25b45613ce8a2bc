#!/usr/bin/env bash
# The discount flag is off: never set, or at 0%.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/sim.sh"

read -r pct audience <<<"$(flag_state)"
[[ "$pct" == 0 ]] || die "$DISCOUNT_FLAG is ON: $pct% of $audience"
say "$DISCOUNT_FLAG is off ($([[ "$audience" == none ]] && echo "never set" || echo "0%"))"
