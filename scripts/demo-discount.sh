#!/usr/bin/env bash
# `npm start`: runs the spec's discount migration (examples/discount) for real, against a simulated world, in a
# throwaway copy of the example. Each time the run pauses for a person, answers as the right person, then goes on.
#   BASCULE_CLI       how to run bascule (default: node bin/bascule.js, which needs `npm install` to have built dist/)
#   BASCULE_DEMO_DIR  an empty folder to work in (default: a new temporary folder); it is kept, to look at afterwards
# Exits with the run's last exit code: 0 when the migration completed.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
read -r -a cli <<<"${BASCULE_CLI:-node $repo/bin/bascule.js}"
[[ -n "${BASCULE_CLI:-}" || -f "$repo/dist/bundle/bascule.js" ]] ||
  { echo "demo-discount.sh: bascule is not built; run npm install (or npm run build) first" >&2; exit 2; }
work="${BASCULE_DEMO_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/bascule-demo.XXXXXX")}"
example="$work/discount"
plan="$example/migration-strategy.yaml"

bascule() { "${cli[@]}" "$@"; }
bold=""; plain=""; [[ -t 1 && -z "${NO_COLOR:-}" ]] && bold=$'\033[1m' plain=$'\033[0m'
say() { printf '\n%s── %s%s\n' "$bold" "$*" "$plain"; }
show() { printf '   $ bascule %s\n' "$*"; }

mkdir -p "$work"
[[ ! -e "$example" ]] || { echo "demo-discount.sh: $example already exists; give an empty BASCULE_DEMO_DIR" >&2; exit 2; }
cp -R "$repo/examples/discount" "$example"
rm -rf "$example/.sim" "$example/.bascule" "$example"/backup/*.sql
# The example's Node helper (scripts/lib/cart-db.mjs) uses better-sqlite3 from this repo's node_modules.
ln -s "$repo/node_modules" "$work/node_modules"
export BASCULE_SIM_DIR="$example/.sim" BASCULE_ACTOR=sam CI=true

say "The discount migration of the spec, run for real in $example"
cat <<EOF
   A simulated world stands in for production: a SQLite cart database, Kubernetes deployments (bin/kubectl),
   a feature flag (bin/feature-flag) and a monitoring system (.sim/metrics.json). sam starts the run;
   bascule.config.yaml binds the plan's checks to commands, its approver roles to dana, erin and pat, and
   compresses the 3-day observation to about 3 seconds. Whenever the run needs a person it pauses (exit 3);
   this script then answers as that person, and runs the plan again.
EOF
"$example/scripts/seed-world.sh"

# Prints one line per thing the paused run waits for: attest<TAB>text<TAB>where, or approve<TAB>gate<TAB>role.
waiting_for() {
  bascule status "$plan" --json | node -e '
    const w = JSON.parse(require("fs").readFileSync(0, "utf8")).waiting_for ?? { kind: "nothing" };
    const where = (s) => s.stepId ?? s.phaseId ?? s.gateId ?? "the run as a whole";
    const lines = w.kind === "attestations" ? w.items.map((i) => `attest\t${i.text}\t${where(i.scope)} (${i.field})`)
      : w.kind === "approvals" ? w.roles.map((r) => `approve\t${w.gateId}\t${r}`) : [`${w.kind}\t${JSON.stringify(w)}`];
    console.log([...new Set(lines)].join("\n"));'
}

attest() { # TEXT WHERE: who vouches for a check no command can decide, and with what evidence
  local by evidence why
  case "$1" in
    "DBA approval received") by=dana why="dana, the DBA Lead, signed off the schema change" evidence="DBA review DBA-2025-117 of migrations/001" ;;
    "CI/CD pipeline green") by=sam why="sam checked the pipeline of cart-service 2.0.0" evidence="https://ci.example.com/cart-service/builds/4812" ;;
    "Monitoring dashboards ready") by=sam why="sam opened the dashboard the plan names" evidence="https://monitoring.example.com/discount-migration" ;;
    "No customer complaints") by=pat why="pat, the Product Manager, read the support queue" evidence="0 support tickets about discounts since the rollout" ;;
    "Business approval") by=pat why="pat, the Product Manager, gives the go for 100%" evidence="go decision in #discount-launch" ;;
    "All validation gates passed") by=erin why="erin read the run's status" evidence="bascule status: GATE-1, GATE-2 and GATE-3 passed" ;;
    "No critical issues for 48 hours") by=erin why="erin, on call, read the incident log" evidence="no critical incident since the rollout began" ;;
    UPTIME-TEST-001) by=erin why="erin, the Engineering Manager, read the uptime monitor's report" evidence="uptime report: 100% during the run" ;;
    ALL-TESTS-001) by=erin why="erin reviewed every dataset result in the run's journal" evidence="bascule logs: every dataset passed" ;;
    *) echo "demo-discount.sh: no one in this demo can attest \"$1\"; answer it yourself (bascule status $plan)" >&2; return 3 ;;
  esac
  say "Paused: \"$1\", for $2, needs a person; $why:"
  show "attest \"$1\" --by $by --evidence \"$evidence\""
  bascule attest "$plan" "$1" --by "$by" --evidence "$evidence"
}

approve() { # GATE ROLE: the identity bascule.config.yaml binds to the role signs
  local as
  case "$2" in
    "DBA Lead") as=dana ;;
    "Engineering Manager") as=erin ;;
    "Product Manager") as=pat ;;
    *) echo "demo-discount.sh: no one in this demo fills the role \"$2\"" >&2; return 3 ;;
  esac
  say "Paused: $1's checks and datasets passed, and it needs the $2's approval; $as signs (sam started the run, so may not):"
  show "approve $1 --as $as"
  bascule approve "$plan" "$1" --as "$as"
}

say "sam starts the run (outside the plan's weekday window, hence --ignore-window, which is journaled)"
show "run migration-strategy.yaml --ignore-window"
rc=0
for _ in $(seq 1 30); do
  rc=0
  bascule run "$plan" --ignore-window || rc=$?
  (( rc == 3 )) || break
  waits="$(waiting_for)"
  while IFS=$'\t' read -r -u 3 kind a b; do
    case "$kind" in
      attest) attest "$a" "$b" ;;
      approve) approve "$a" "$b" ;;
      *) echo "demo-discount.sh: the run waits for $kind ($a); this demo does not answer that" >&2; exit 3 ;;
    esac
  done 3<<<"$waits"
  say "All answered: sam runs the plan again, and it goes on where it stopped"
  show "run migration-strategy.yaml --ignore-window"
done

say "Final state (exit code $rc)"
bascule status "$plan"
# shellcheck source=../examples/discount/scripts/lib/sim.sh
read -r pct audience <<<"$(source "$example/scripts/lib/sim.sh" && flag_state)"
echo "   cart columns: $(node "$example/scripts/lib/cart-db.mjs" "$BASCULE_SIM_DIR/cart.db" \
  "SELECT group_concat(name || ' ' || type, ', ') FROM pragma_table_info('cart');")"
echo "   feature flag discount-enabled: $([[ "$audience" == none ]] && echo "never set" || echo "$pct% of $audience users")"
echo "   Everything stays in $work: the world in discount/.sim, the journal in discount/.bascule (try: bascule logs)."
exit "$rc"
