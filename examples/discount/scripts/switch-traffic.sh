#!/usr/bin/env bash
# Moves cart traffic from colour $1 to colour $2 (blue|green) once cart-service-$2 is fully ready; idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"

[[ $# -eq 2 && "$1" =~ ^(blue|green)$ && "$2" =~ ^(blue|green)$ && "$1" != "$2" ]] ||
  { echo "usage: switch-traffic.sh FROM TO   (blue green | green blue)" >&2; exit 2; }
from="$1" to="$2" now="$(traffic)"
[[ -n "$now" ]] || die "no traffic routing at $SIM/traffic; run scripts/seed-world.sh"
[[ "$now" != "$to" ]] || { say "traffic already on $to"; exit 0; }
[[ "$now" == "$from" ]] || die "traffic is on $now, not $from"
kubectl rollout status "deployment/cart-service-$to" || die "cart-service-$to is not deployed"
deployment_ready "cart-service-$to" || die "cart-service-$to is not ready; traffic stays on $from"
echo "$to" >"$SIM/traffic.tmp" && mv "$SIM/traffic.tmp" "$SIM/traffic"
say "traffic switched: $from -> $to"
