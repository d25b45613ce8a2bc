#!/usr/bin/env bash
# Deploys DiscountService (STEP-2-1): the plan's two kubectl commands; idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"

kubectl apply -f "$PLAN_DIR/k8s/discount-service.yaml"
kubectl rollout status deployment/discount-service
say "discount-service deployed"
