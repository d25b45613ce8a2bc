#!/usr/bin/env bash
# Deploys CartService v2 (STEP-2-2) blue-green: checks its dependencies, applies green, switches traffic; idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"
need_cart_db

[[ "$(discount_columns)" == 2 ]] || die "cart v2 needs the discount columns; run PHASE-1 first"
deployment_ready discount-service || die "cart v2 needs discount-service ready; run STEP-2-1 first"
kubectl apply -f "$PLAN_DIR/k8s/cart-service-v2.yaml"
"$PLAN_DIR/scripts/switch-traffic.sh" blue green
say "cart-service v2 (green) deployed and serving"
