#!/usr/bin/env bash
# Compares a metric of the simulated monitoring system ($BASCULE_SIM_DIR/metrics.json) with a threshold:
#   check-metric.sh NAME OP VALUE   OP: < <= > >= == !=   VALUE: a number, N% (a ratio: 0.5% = 0.005) or a metric's name
# Exit 0 when the comparison holds, 1 when it does not, 2 when NAME or VALUE is unknown.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/sim.sh"

[[ $# -eq 3 && "$2" =~ ^(<|<=|>|>=|==|!=)$ ]] || { echo "usage: check-metric.sh NAME '<'|'<='|'>'|'>='|'=='|'!=' NUMBER|N%|METRIC" >&2; exit 2; }
file="$SIM/metrics.json"
[[ -f "$file" ]] || die "no metrics at $file; run scripts/seed-world.sh"
node -e '
  const [file, name, op, text] = process.argv.slice(1);
  const metrics = JSON.parse(require("fs").readFileSync(file, "utf8"));
  const known = (n) => typeof metrics[n] === "number" || (console.error(`check-metric.sh: no metric ${n} in ${file}`), process.exit(2));
  known(name);
  const pct = /^-?\d+(\.\d+)?%$/.test(text), num = /^-?\d+(\.\d+)?$/.test(text);
  const limit = pct ? Number(text.slice(0, -1)) / 100 : num ? Number(text) : known(text) && metrics[text];
  const value = metrics[name], same = Math.abs(value - limit) <= 1e-12 * Math.max(1, Math.abs(value), Math.abs(limit));
  const holds = { "<": value < limit && !same, "<=": value < limit || same, ">": value > limit && !same, ">=": value > limit || same, "==": same, "!=": !same }[op];
  console.log(`${name} = ${value} ${op} ${text}${pct || num ? "" : ` (${limit})`}: ${holds ? "holds" : "does not hold"}`);
  process.exit(holds ? 0 : 1);' "$file" "$@"
