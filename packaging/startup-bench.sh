#!/usr/bin/env bash
# Start-up of the installed launcher with and without its class-data archive: whole
# processes, as an operator runs them. Prints the median wall time and the median CPU time
# (user + system; steadier than wall time on a shared machine) over N runs of each command.
# Usage: packaging/startup-bench.sh [RUNS] [TRANSCRIPTS_DIR]   (after ./mvnw -Ppackage package)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
source_dir=${2:-packaging/cds-training}
launcher=target/dist/burnwatch/bin/burnwatch
[[ -x $launcher ]] || { echo "startup-bench: build the image first: ./mvnw -Ppackage -DskipTests package" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

measure() {
  local label=$1 share=$2
  shift 2
  : >"$work/times"
  for _ in $(seq "$runs"); do
    env -i HOME="$work" BURNWATCH_HOME="$work/home" PATH=/usr/bin:/bin JAVA_TOOL_OPTIONS="$share" \
      /usr/bin/time -f '%e %U %S' -a -o "$work/times" "$@" >/dev/null 2>&1
  done
  local wall cpu
  wall=$(awk '{ print $1 * 1000 }' "$work/times" | median)
  cpu=$(awk '{ print ($2 + $3) * 1000 }' "$work/times" | median)
  printf '%-34s %-14s wall %5.0f ms   cpu %5.0f ms\n' "$label" "${share:-(archive)}" "$wall" "$cpu"
}

echo "start-up over $runs runs each (median); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for share in "" "-Xshare:off"; do
  measure "burnwatch --version" "$share" "$launcher" --version
  measure "burnwatch report --json (small)" "$share" "$launcher" report --source "$source_dir" --json
done
