#!/usr/bin/env bash
# Rollback of STEP-2-1: undoes the last rollout of discount-service, or deletes it if this was its first
# (kubectl rollout undo has no history to go back to then). Refuses while cart-service v2 depends on it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"

f="$(deployment_file discount-service)"
[[ -f "$f" ]] || { say "discount-service not deployed; nothing to roll back"; exit 0; }
[[ ! -f "$(deployment_file cart-service-green)" ]] ||
  die "cart-service-green (v2) calls discount-service; roll back STEP-2-2 first (scripts/rollback-cart-service.sh)"
if [[ -n "$(json_get "$f" previous)" ]]; then
  kubectl rollout undo deployment/discount-service
  kubectl rollout status deployment/discount-service
  say "discount-service rolled back to its previous revision"
else
  kubectl delete -f "$PLAN_DIR/k8s/discount-service.yaml" --ignore-not-found
  say "discount-service removed (it had no previous revision)"
fi
