#!/usr/bin/env bash
# Validates STEP-2-1: the discount-service rollout finished (all replicas ready) and its Service exists.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"

"$PLAN_DIR/scripts/checks/check-deployment.sh" discount-service
[[ -f "$SIM/services/discount-service.json" ]] || die "service/discount-service does not exist"
say "discount-service healthy"
