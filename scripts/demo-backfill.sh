#!/usr/bin/env bash
# The second half of `npm start`: runs examples/backfill for real, in a throwaway copy: a batched, checkpointed
# backfill of 20,000 orders into orders_v2 on SQLite, held while the (simulated) replica lags, then reconciled.
#   BASCULE_CLI       how to run bascule (default: node bin/bascule.js, which needs `npm install` to have built dist/)
#   BASCULE_DEMO_DIR  an empty folder to work in (default: a new temporary folder); it is kept, to look at afterwards
# Exits with the run's last exit code: 0 when the migration completed.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
read -r -a cli <<<"${BASCULE_CLI:-node $repo/bin/bascule.js}"
[[ -n "${BASCULE_CLI:-}" || -f "$repo/dist/bundle/bascule.js" ]] ||
  { echo "demo-backfill.sh: bascule is not built; run npm install (or npm run build) first" >&2; exit 2; }
work="${BASCULE_DEMO_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/bascule-demo.XXXXXX")}"
example="$work/backfill"
plan="$example/migration-strategy.yaml"

bascule() { "${cli[@]}" "$@"; }
bold=""; plain=""; [[ -t 1 && -z "${NO_COLOR:-}" ]] && bold=$'\033[1m' plain=$'\033[0m'
say() { printf '\n%s── %s%s\n' "$bold" "$*" "$plain"; }

mkdir -p "$work"
[[ ! -e "$example" ]] || { echo "demo-backfill.sh: $example already exists; give an empty BASCULE_DEMO_DIR" >&2; exit 2; }
cp -R "$repo/examples/backfill" "$example"
rm -rf "$example/.sim" "$example/.bascule"
[[ -e "$work/node_modules" ]] || ln -s "$repo/node_modules" "$work/node_modules"
export BASCULE_SIM_DIR="$example/.sim" BASCULE_ACTOR=sam CI=true

say "A data migration, run for real in $example"
cat <<TEXT
   orders (20,000 rows, REAL dollars) is copied into orders_v2 (INTEGER cents) by bascule data run: keyset batches,
   each committed with its checkpoint, the batch size tuned toward 50 ms. The simulated replica starts 12 s behind,
   so the step's alert condition "replica_lag_seconds > 5" holds the backfill until it catches up. The step then
   reconciles source and target by checksums per key range before GATE-2 asks the DBA Lead (dana) to approve.
   Around the phases: a pre-migration regression suite runs before anything changes, the strategy gate VG-TOTALS
   checks every total to the cent after PHASE-2, the Product Owner (pat) signs COMPLETE, and a week of
   post-migration monitoring (compressed to about 3 seconds) ends with the business success verdict.
TEXT
(cd "$example" && node scripts/seed-orders.mjs)
# The replica is 12 s behind, and catches up 2 s after the backfill first looks (scripts/replica-lag.sh).
echo 12 > "$BASCULE_SIM_DIR/replica-lag"
echo 2 > "$BASCULE_SIM_DIR/replica-catches-up-in"

say "bascule run (sam)"
# Each pause is an approval: GATE-2 by the DBA Lead (dana), then COMPLETE, the final sign-off, by the Product Owner (pat).
status=0
bascule run "$plan" || status=$?
for _ in 1 2 3; do
  (( status == 3 )) || break
  read -r gate role <<<"$(bascule status "$plan" --json | node -e '
    const w = JSON.parse(require("fs").readFileSync(0, "utf8")).waiting_for ?? {};
    console.log(w.kind === "approvals" ? `${w.gateId} ${w.roles[0]}` : `none ${w.kind}`)')"
  case "$gate $role" in
    "GATE-2 DBA Lead") as=dana comment="reconciliation passed, 100% match" ;;
    "COMPLETE Product Owner") as=pat comment="orders read in cents; VG-TOTALS found no mismatch" ;;
    *) echo "demo-backfill.sh: the run waits for $gate $role; this demo does not answer that" >&2; exit 3 ;;
  esac
  say "bascule approve $gate --as $as"
  bascule approve "$plan" "$gate" --as "$as" --comment "$comment"
  say "bascule run"
  status=0
  bascule run "$plan" || status=$?
done
say "bascule status"
bascule status "$plan"
exit "$status"
