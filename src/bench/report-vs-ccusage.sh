#!/usr/bin/env bash
# Times `burnwatch report --by session --json` against ccusage 20.0.24
# (`ccusage claude session --json --offline`) on one corpus from ../shared/bench/gen_transcripts.py,
# checks that both tools' totals agree with the generator's, and prints the figures side by side.
#
#   src/bench/report-vs-ccusage.sh            # 2,000 sessions, ~1 GB (about a minute to generate)
#   src/bench/report-vs-ccusage.sh --smoke    # a few MB, for CI
#   options: --runs N (default 5; smoke 2), --work DIR (default bench-out/)
#
# Scenarios: cold (no index), warm (index up to date, nothing changed), 1 MB appended to one
# transcript. Whole processes, JVM start included, with the JVM options the packaged launcher
# carries (src/main/jvm/launcher.options) and a class-data archive made by a training run. Wall time is the median of the runs; peak
# memory (max RSS) the largest. Files are in the page cache for both tools.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SHARED=${BURNWATCH_SHARED:-$ROOT/../shared}
CCUSAGE_VERSION=20.0.24

smoke=0
runs=
work=$ROOT/bench-out
while (($#)); do
  case $1 in
    --smoke) smoke=1 ;;
    --runs) runs=$2; shift ;;
    --work) work=$2; shift ;;
    *) echo "usage: $0 [--smoke] [--runs N] [--work DIR]" >&2; exit 2 ;;
  esac
  shift
done
if ((smoke)); then
  sessions=40 target_mb=16 runs=${runs:-2}
else
  sessions=2000 target_mb=1024 runs=${runs:-5}
fi
mkdir -p "$work"
work=$(cd "$work" && pwd)

say() { printf '%s\n' "$*" >&2; }

# ---- tools
if [[ ! -x /usr/bin/time ]]; then
  say "installing GNU time (peak memory)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi
if [[ ! -f target/burnwatch.jar ]]; then
  say "building target/burnwatch.jar"
  ./mvnw -q -o -DskipTests package
fi
ccdir=$work/ccusage-$CCUSAGE_VERSION
if [[ ! -d $ccdir/node_modules/ccusage ]]; then
  say "installing ccusage $CCUSAGE_VERSION with npm"
  mkdir -p "$ccdir"
  (cd "$ccdir" && npm install --no-audit --no-fund --silent "ccusage@$CCUSAGE_VERSION" >/dev/null)
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux-x64 ;;
  Linux-aarch64) platform=linux-arm64 ;;
  Darwin-arm64) platform=darwin-arm64 ;;
  Darwin-x86_64) platform=darwin-x64 ;;
  *) platform= ;;
esac
ccusage_bin=$ccdir/node_modules/@ccusage/ccusage-$platform/bin/ccusage
if [[ -n $platform && -f $ccusage_bin ]]; then
  chmod +x "$ccusage_bin"   # npm does not always keep the native binary's run bit
  ccusage=("$ccusage_bin")
else
  ccusage=(node "$ccdir/node_modules/ccusage/src/cli.js")
fi

# ---- corpus
corpus=$work/corpus-$sessions-$target_mb
expected=$corpus.expected.json
if [[ ! -f $expected ]]; then
  say "generating the corpus: $sessions sessions, ~$target_mb MB"
  rm -rf "$corpus"
  python3 "$SHARED/bench/gen_transcripts.py" --out "$corpus" --sessions "$sessions" \
    --target-mb "$target_mb" --seed 7 --expect "$expected.tmp"
  mv "$expected.tmp" "$expected"
fi
cat "$corpus"/projects/*/*.jsonl >/dev/null   # into the page cache for both tools

# ---- burnwatch's launcher options (src/main/jvm/launcher.options, the one source of truth the
# packaged launcher is built from), with $APPDIR standing for a folder of this run that holds
# what the installed image would: the class-data archive (made here by a training run) and,
# if the options name it, the SQLite driver's native library
appdir=$work/appdir
mkdir -p "$appdir"
mapfile -t jvm < <(sed -e 's/^[[:space:]]*#.*//' -e '/^[[:space:]]*$/d' -e "s|\$APPDIR|$appdir|g" \
  src/main/jvm/launcher.options)
if grep -q 'org.sqlite.lib.path' src/main/jvm/launcher.options && [[ ! -f $appdir/native/libsqlitejdbc.so ]]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) native=Linux/x86_64 ;;
    Linux-aarch64) native=Linux/aarch64 ;;
    *) native= ;;
  esac
  mkdir -p "$appdir/native"
  python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
    target/lib/sqlite-jdbc-*.jar "org/sqlite/native/$native/libsqlitejdbc.so" >"$appdir/native/libsqlitejdbc.so"
fi
archive=$appdir/burnwatch.jsa
if [[ ! -f $archive || target/burnwatch.jar -nt $archive ]]; then
  say "making the class-data archive (training run)"
  rm -f "$archive"
  training=()
  for option in "${jvm[@]}"; do
    [[ $option == -XX:SharedArchiveFile=* ]] || training+=("$option")
  done
  BURNWATCH_HOME=$work/home-training java "${training[@]}" -XX:ArchiveClassesAtExit="$archive" \
    -jar target/burnwatch.jar report --source "$corpus" --by session --json >/dev/null
  rm -rf "$work/home-training"
fi
if ! printf '%s\n' "${jvm[@]}" | grep -q '^-XX:SharedArchiveFile='; then
  jvm+=(-XX:SharedArchiveFile="$archive")
fi
say "JVM options: ${jvm[*]}"
home=$work/home
burnwatch=(java "${jvm[@]}" -jar "$ROOT/target/burnwatch.jar" report --source "$corpus" --by session --json)

# ---- measuring
# measure NAME OUTFILE CMD...: one timed run; appends "wall rss_kib" to $work/NAME.times
measure() {
  local name=$1 out=$2; shift 2
  /usr/bin/time -f '%e %M %U %S' -o "$work/last.time" env BURNWATCH_HOME="$home" CLAUDE_CONFIG_DIR="$corpus" \
    "$@" >"$out"
  cat "$work/last.time" >>"$work/$name.times"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
wall() { awk '{print $1}' "$work/$1.times" | median; }
cpu() { awk '{print $3 + $4}' "$work/$1.times" | median; }
rss_mib() { awk '{print $2}' "$work/$1.times" | sort -n | tail -1 | awk '{printf "%.0f", $1/1024}'; }
rm -f "$work"/*.times

# a transcript to append to, and 1 MB of lines from another one (assistant lines included)
mapfile -t files < <(ls "$corpus"/projects/*/*.jsonl | head -n 2)
target=${files[0]}
target_size=$(stat -c %s "$target")
head -c 1100000 "${files[1]}" | head -n -1 >"$work/append.jsonl"
restore() { truncate -s "$target_size" "$target"; }
trap restore EXIT

say "timing: $runs runs of each"
for ((i = 1; i <= runs; i++)); do
  rm -rf "$home"
  measure bw-cold "$work/bw-cold.json" "${burnwatch[@]}"
  for ((j = 1; j <= 1; j++)); do measure bw-warm "$work/bw-warm.json" "${burnwatch[@]}"; done
  measure cc "$work/cc.json" "${ccusage[@]}" claude session --json --offline
  cat "$work/append.jsonl" >>"$target"
  measure bw-append "$work/bw-append.json" "${burnwatch[@]}"
  measure cc-append "$work/cc-append.json" "${ccusage[@]}" claude session --json --offline
  restore
  "${burnwatch[@]}" >/dev/null 2>&1 || true   # the index back in step with the restored file
done

# ---- checking the figures
python3 - "$expected" "$work/bw-cold.json" "$work/bw-warm.json" "$work/cc.json" <<'PY'
import json, sys
expected = json.load(open(sys.argv[1]))["totals"]
fields = ["apiCalls", "inputTokens", "outputTokens", "cacheWrite5mTokens", "cacheWrite1hTokens",
          "cacheReadTokens"]
ok = True
for name in sys.argv[2:4]:
    got = json.load(open(name))["totals"]
    bad = [f for f in fields if got[f] != expected[f]]
    if bad or abs(got["costUsd"] - expected["costUsd"]) > 1e-6:
        ok = False
        print(f"MISMATCH burnwatch ({name}): {bad} cost {got['costUsd']} vs {expected['costUsd']}")
cc = json.load(open(sys.argv[4]))["totals"]
cc_pairs = [("inputTokens", expected["inputTokens"]), ("outputTokens", expected["outputTokens"]),
            ("cacheCreationTokens", expected["cacheWrite5mTokens"] + expected["cacheWrite1hTokens"]),
            ("cacheReadTokens", expected["cacheReadTokens"])]
bad = [k for k, v in cc_pairs if cc[k] != v]
if bad or abs(cc["totalCost"] - expected["costUsd"]) > 1e-4:
    ok = False
    print(f"MISMATCH ccusage: {bad} cost {cc['totalCost']} vs {expected['costUsd']}")
print("totals: burnwatch, ccusage and the generator agree" if ok else "totals DISAGREE")
sys.exit(0 if ok else 1)
PY

corpus_mb=$(du -smL "$corpus" | awk '{print $1}')
cc_wall=$(wall cc)
cc_append_wall=$(wall cc-append)
printf '\ncorpus: %s sessions, %s MB; %s runs each: median wall and CPU (user+sys), largest peak RSS\n' \
  "$sessions" "$corpus_mb" "$runs"
printf 'machine: %s, %s cores, load average %s\n' \
  "$(uname -sm)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-26s %10s %10s %6s %10s %10s %6s %10s %10s\n' scenario "bw wall" "cc wall" ratio "bw cpu" "cc cpu" \
  ratio "bw peak" "cc peak"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
row() {
  local label=$1 bw=$2 cc=$3
  printf '%-26s %9ss %9ss %6s %9ss %9ss %6s %6s MiB %6s MiB\n' "$label" "$(wall "$bw")" "$(wall "$cc")" \
    "$(ratio "$(wall "$bw")" "$(wall "$cc")")" "$(cpu "$bw")" "$(cpu "$cc")" \
    "$(ratio "$(cpu "$bw")" "$(cpu "$cc")")" "$(rss_mib "$bw")" "$(rss_mib "$cc")"
}
row "cold (no index)" bw-cold cc
row "warm (nothing changed)" bw-warm cc
row "1 MB appended" bw-append cc-append
printf '\ntargets: cold <= 1.00, warm < 0.50, appended < 0.50 of ccusage; peak memory <= ccusage\n'
