#!/usr/bin/env bash
# Sets a metric of the simulated monitoring system: set-metric.sh NAME NUMBER|N% (a ratio: 2% = 0.02). To rehearse
# a failure, e.g. set-metric.sh error_rate 2% makes "Error rate < 0.1%" fail.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/sim.sh"

[[ $# -eq 2 && "$1" =~ ^[a-z0-9_]+$ && "$2" =~ ^-?[0-9]+(\.[0-9]+)?%?$ ]] || { echo "usage: set-metric.sh NAME NUMBER|N%" >&2; exit 2; }
file="$SIM/metrics.json"
[[ -f "$file" ]] || die "no metrics at $file; run scripts/seed-world.sh"
node -e '
  const fs = require("fs"), [file, name, text] = process.argv.slice(1);
  const metrics = JSON.parse(fs.readFileSync(file, "utf8"));
  metrics[name] = text.endsWith("%") ? Number(text.slice(0, -1)) / 100 : Number(text);
  fs.writeFileSync(file + ".tmp", JSON.stringify(metrics, null, 2) + "\n");
  fs.renameSync(file + ".tmp", file);
  console.log(`${name} = ${metrics[name]}`);' "$file" "$1" "$2"
