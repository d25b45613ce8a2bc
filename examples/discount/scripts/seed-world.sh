#!/usr/bin/env bash
# Seeds the whole pre-migration world: cart database, cart-service blue deployment, traffic on blue; idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"

"$PLAN_DIR/scripts/seed-cart.sh"
kubectl apply -f "$PLAN_DIR/k8s/cart-service-v1.yaml"
kubectl rollout status deployment/cart-service-blue
[[ -n "$(traffic)" ]] || echo blue >"$SIM/traffic"
say "world seeded in $SIM: traffic on $(traffic), discount flag $(flag_state)"
