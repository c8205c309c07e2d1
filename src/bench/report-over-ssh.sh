#!/usr/bin/env bash
# Benchmark: `burnwatch report` over SSH against the real test host (../shared/testhost).
# Places a generated corpus (../shared/bench/gen_transcripts.py, ~1 GB by default) in
# ~ubuntu/bench-claude on the host, then times three reports with the operator's launcher
# and prints the bytes each moved from the host (counted on the wire by the SSH layer):
#   cold       empty usage index: every transcript is read in full
#   warm       nothing changed: only the listing crosses the network
#   appended   after 1 MB of whole lines was appended to one transcript
# Side by side, the references: moving the whole corpus once through `ssh ... tar` (the
# floor for any tool that reads it all over SSH), and a cold local report of the same files.
#
#   src/bench/report-over-ssh.sh              # ~1 GB, 2,000 sessions
#   BENCH_MB=20 src/bench/report-over-ssh.sh  # smoke size (what .ci/run runs)
#
# Needs root (the test host is a systemd-nspawn container). Starts its own test host on
# BENCH_PORT (default 2411) and always stops it; builds target/burnwatch.jar when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SHARED=${BURNWATCH_SHARED:-$ROOT/../shared}
MB=${BENCH_MB:-1024}
SESSIONS=${BENCH_SESSIONS:-$(( MB * 2000 / 1024 > 20 ? MB * 2000 / 1024 : 20 ))}
WORK=${BENCH_DIR:-/tmp/burnwatch-bench-ssh}
APPEND_BYTES=$((1024 * 1024))
export TESTHOST_DIR=$WORK/testhost TESTHOST_PORT=${BENCH_PORT:-2411}
mkdir -p "$WORK"

if [[ ! -f $TESTHOST_DIR/base.tar.zst && -f /tmp/testhost/base.tar.zst ]]; then
  mkdir -p "$TESTHOST_DIR"
  cp /tmp/testhost/base.tar.zst /tmp/testhost/base.tar.zst.recipe "$TESTHOST_DIR/" 2>/dev/null || true
fi
trap '"$SHARED/testhost/stop-host.sh" >/dev/null 2>&1 || true' EXIT
"$SHARED/testhost/start-host.sh" >"$WORK/start.out" 2>&1 || { cat "$WORK/start.out"; exit 1; }
facts=$(tail -n 1 "$WORK/start.out")
fact() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$facts"; }
HOST=$(fact host) USER_=$(fact user) KEY=$(fact key) KNOWN=$(fact known_hosts)
SSH=(ssh -q -o BatchMode=yes -o StrictHostKeyChecking=yes -o "UserKnownHostsFile=$KNOWN" -i "$KEY"
     -p "$TESTHOST_PORT" "$USER_@$HOST")
"${SSH[@]}" 'sudo -n systemctl stop agent-daemon' || true

CORPUS=$WORK/corpus-$MB
if [[ ! -f $CORPUS/.done ]]; then
  rm -rf "$CORPUS"
  echo "generating a ${MB} MB corpus ($SESSIONS sessions) in $CORPUS ..."
  python3 "$SHARED/bench/gen_transcripts.py" --out "$CORPUS" --sessions "$SESSIONS" --target-mb "$MB" \
    --seed 7 >/dev/null
  touch "$CORPUS/.done"
fi
files=$(find "$CORPUS/projects" -name '*.jsonl' | wc -l)
corpus_bytes=$(find "$CORPUS/projects" -name '*.jsonl' -printf '%s\n' | awk '{s += $1} END {print s}')

echo "placing the corpus on the test host ..."
tar -C "$CORPUS" -cf - projects | "${SSH[@]}" 'rm -rf ~/bench-claude && mkdir -p ~/bench-claude && tar -C ~/bench-claude -xf -'

if [[ -x target/dist/burnwatch/bin/burnwatch ]]; then
  LAUNCHER=(target/dist/burnwatch/bin/burnwatch)
else
  [[ -f target/burnwatch.jar ]] || ./mvnw -q -o -DskipTests package
  # the launcher's JVM options (src/main/jvm/launcher.options), less those naming the image's folder
  mapfile -t jvm < <(sed -e 's/^[[:space:]]*#.*//' -e '/^[[:space:]]*$/d' -e '/\$APPDIR/d' \
    src/main/jvm/launcher.options)
  LAUNCHER=(java "${jvm[@]}" -jar target/burnwatch.jar)
fi
SOURCE="ssh://$USER_@$HOST:$TESTHOST_PORT/home/$USER_/bench-claude"
export BURNWATCH_HOME=$WORK/home
rm -rf "$BURNWATCH_HOME"

# prints: seconds peak-MiB bytes-received
measure() {
  local err=$WORK/$1.err
  /usr/bin/time -f '%e %M' -o "$WORK/$1.time" "${LAUNCHER[@]}" report --json --verbose --source "$SOURCE" \
    --identity "$KEY" --known-hosts "$KNOWN" >"$WORK/$1.json" 2>"$err" || { cat "$err"; exit 1; }
  local bytes
  bytes=$(grep -o '([0-9]* bytes received)' "$err" | tr -dc '0-9\n' | awk '{s += $1} END {print s + 0}')
  read -r secs kib <"$WORK/$1.time"
  echo "$secs $((kib / 1024)) $bytes"
}
row() { printf '%-34s %9s s %8s MiB %14s B\n' "$@"; }

read -r cold_s cold_m cold_b < <(measure cold)
read -r warm_s warm_m warm_b < <(measure warm)

victim=$(find "$CORPUS/projects" -name '*.jsonl' -printf '%s %P\n' | sort -n | tail -n 1 | cut -d' ' -f2-)
donor=$(find "$CORPUS/projects" -name '*.jsonl' -printf '%s %P\n' | sort -n | tail -n 2 | head -n 1 | cut -d' ' -f2-)
head -c "$APPEND_BYTES" "$CORPUS/projects/$donor" | sed '$d' >"$WORK/append.jsonl"
appended=$(wc -c <"$WORK/append.jsonl")
"${SSH[@]}" "cat >> ~/bench-claude/projects/$(printf '%q' "$victim")" <"$WORK/append.jsonl"
read -r app_s app_m app_b < <(measure appended)

start=$(date +%s.%N)
floor_b=$("${SSH[@]}" 'tar -C ~/bench-claude -cf - projects' | wc -c)
floor_s=$(echo "$(date +%s.%N) - $start" | bc 2>/dev/null || python3 -c "print(round($(date +%s.%N) - $start, 2))")
/usr/bin/time -f '%e %M' -o "$WORK/local.time" "${LAUNCHER[@]}" report --json --no-cache --source "$CORPUS" \
  >"$WORK/local.json" 2>"$WORK/local.err"
read -r local_s local_kib <"$WORK/local.time"

same=$(python3 - "$WORK/cold.json" "$WORK/local.json" <<'PY'
import json, sys
a, b = (json.load(open(p))["totals"] for p in sys.argv[1:])
print("yes" if a == b else "NO")
PY
)

echo
echo "report over SSH: $files transcripts, $((corpus_bytes / 1024 / 1024)) MiB on $HOST:$TESTHOST_PORT (launcher: ${LAUNCHER[*]})"
row "run" "wall" "peak" "from host"
row "cold (empty index)" "$cold_s" "$cold_m" "$cold_b"
row "warm (nothing changed)" "$warm_s" "$warm_m" "$warm_b"
row "after appending $appended B" "$app_s" "$app_m" "$app_b"
echo "references:"
row "ssh tar of the corpus (payload)" "$(printf '%.2f' "$floor_s")" "-" "$floor_b"
row "cold local report, same files" "$local_s" "$((local_kib / 1024))" "-"
echo "cold SSH totals equal the local report's: $same"
[[ $same == yes ]]
