#!/usr/bin/env bash
# Rollback of STEP-2-2: traffic back to blue, then the green (v2) deployment deleted; refuses while the flag is on.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"

read -r pct audience <<<"$(flag_state)"
[[ "$pct" == 0 ]] || die "$DISCOUNT_FLAG is on ($pct% of $audience); run scripts/disable-feature-flag.sh first"
[[ "$(traffic)" == blue ]] || "$PLAN_DIR/scripts/switch-traffic.sh" green blue
kubectl delete -f "$PLAN_DIR/k8s/cart-service-v2.yaml" --ignore-not-found
say "cart-service rolled back: traffic on blue, green removed"
