#!/usr/bin/env bash
# Seeds the whole pre-migration world: cart database and its nightly backup, cart-service blue deployment, traffic
# on blue, and the monitoring system's metrics (healthy values); idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"

"$PLAN_DIR/scripts/seed-cart.sh"
[[ -s "$SIM/nightly/cart.sql" ]] || "$PLAN_DIR/scripts/backup-cart.sh" "$SIM/nightly/cart.sql"
kubectl apply -f "$PLAN_DIR/k8s/cart-service-v1.yaml"
kubectl rollout status deployment/cart-service-blue
[[ -n "$(traffic)" ]] || echo blue >"$SIM/traffic"
# What monitoring reports; rates and accuracy are ratios (0.0004 = 0.04%). Change one with scripts/set-metric.sh.
[[ -f "$SIM/metrics.json" ]] || cat >"$SIM/metrics.json" <<'JSON'
{
  "error_rate": 0.0004,
  "baseline_error_rate": 0.0004,
  "discount_validation_errors": 0,
  "discount_validation_error_rate": 0,
  "cart_total_calculation_errors": 0,
  "cart_total_calculation_accuracy": 1,
  "database_connections": 0.35,
  "query_latency_p95_ms": 38,
  "baseline_query_latency_p95_ms": 40,
  "application_log_errors": 0,
  "critical_alerts_firing": 0
}
JSON
say "world seeded in $SIM: traffic on $(traffic), discount flag $(flag_state), metrics in metrics.json"
