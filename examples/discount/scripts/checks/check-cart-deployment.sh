#!/usr/bin/env bash
# CART-DEPLOY-001: cart-service v2 (green) ready and serving, blue still ready for switch-back, Service present.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/sim.sh"

"$PLAN_DIR/scripts/checks/check-deployment.sh" cart-service-green
image="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).spec.image)' \
  "$(deployment_file cart-service-green)")"
[[ "$image" == *:2.* ]] || die "cart-service-green runs $image, expected a 2.x image"
[[ "$(traffic)" == green ]] || die "traffic is on '$(traffic)', expected green"
"$PLAN_DIR/scripts/checks/check-deployment.sh" cart-service-blue
[[ -f "$SIM/services/cart-service.json" ]] || die "service/cart-service does not exist"
say "green ($image) serving, blue standing by"
