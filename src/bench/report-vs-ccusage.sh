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

# a transcript to append to, and ~1 MB of whole lines from another one with their message and
# request ids renamed, so that they are new API calls that both tools must count (copied as
# they are, they would be duplicates that count nothing, and the appended run would prove
# nothing); append.delta.json holds what they add, deduplicated as the counting rules say
mapfile -t files < <(ls "$corpus"/projects/*/*.jsonl | head -n 2)
target=${files[0]}
target_size=$(stat -c %s "$target")
head -c 1100000 "${files[1]}" | head -n -1 >"$work/append.source.jsonl"
python3 - "$work/append.source.jsonl" "$work/append.jsonl" "$work/append.delta.json" "$SHARED/bench" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[4])
from gen_transcripts import PRICES
kept = {}
with open(sys.argv[1]) as src, open(sys.argv[2], "w") as out:
    for raw in src:
        line = json.loads(raw)
        message = line.get("message") if isinstance(line.get("message"), dict) else None
        if message is not None and "id" in message:
            message["id"] += "_appended"
        if "requestId" in line:
            line["requestId"] += "_appended"
        out.write(json.dumps(line, separators=(",", ":")) + "\n")
        usage = message.get("usage") if message else None
        if line.get("type") != "assistant" or not usage or message.get("model") == "<synthetic>":
            continue
        split = usage.get("cache_creation") or {}
        one_hour = split.get("ephemeral_1h_input_tokens") or 0
        counts = (usage.get("input_tokens") or 0, usage.get("output_tokens") or 0,
                  (usage.get("cache_creation_input_tokens") or 0) - one_hour, one_hour,
                  usage.get("cache_read_input_tokens") or 0)
        key = (message.get("id"), line.get("requestId"))
        if key not in kept or sum(counts) > sum(kept[key][0]):
            kept[key] = (counts, message["model"])
names = ["inputTokens", "outputTokens", "cacheWrite5mTokens", "cacheWrite1hTokens", "cacheReadTokens"]
delta = dict.fromkeys(names, 0)
delta["apiCalls"] = len(kept)
delta["costUsd"] = 0.0
for counts, model in kept.values():
    for name, value in zip(names, counts):
        delta[name] += value
    delta["costUsd"] += sum(c * p for c, p in zip(counts, PRICES[model])) / 1e6
json.dump(delta, open(sys.argv[3], "w"))
PY
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
python3 - "$expected" "$work/append.delta.json" "$work" <<'PY'
import json, sys
fields = ["apiCalls", "inputTokens", "outputTokens", "cacheWrite5mTokens", "cacheWrite1hTokens",
          "cacheReadTokens", "costUsd"]
before = json.load(open(sys.argv[1]))["totals"]
delta = json.load(open(sys.argv[2]))
after = {f: before[f] + delta[f] for f in fields}
work = sys.argv[3]
ok = True

def check_burnwatch(name, expected):
    global ok
    got = json.load(open(f"{work}/{name}.json"))["totals"]
    bad = [f for f in fields[:-1] if got[f] != expected[f]]
    if bad or abs(got["costUsd"] - expected["costUsd"]) > 1e-6:
        ok = False
        print(f"MISMATCH burnwatch ({name}): {bad} cost {got['costUsd']} vs {expected['costUsd']}")

def check_ccusage(name, expected):
    global ok
    got = json.load(open(f"{work}/{name}.json"))["totals"]
    pairs = [("inputTokens", expected["inputTokens"]), ("outputTokens", expected["outputTokens"]),
             ("cacheCreationTokens", expected["cacheWrite5mTokens"] + expected["cacheWrite1hTokens"]),
             ("cacheReadTokens", expected["cacheReadTokens"])]
    bad = [k for k, v in pairs if got[k] != v]
    if bad or abs(got["totalCost"] - expected["costUsd"]) > 1e-4:
        ok = False
        print(f"MISMATCH ccusage ({name}): {bad} cost {got['totalCost']} vs {expected['costUsd']}")

check_burnwatch("bw-cold", before)
check_burnwatch("bw-warm", before)
check_ccusage("cc", before)
check_burnwatch("bw-append", after)
check_ccusage("cc-append", after)
print(f"totals: burnwatch, ccusage and the generator agree, before and after the append "
      f"(+{delta['apiCalls']} API calls)" if ok else "totals DISAGREE")
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
# verdict TEXT VALUE OP LIMIT: one line saying whether a measured ratio meets its target
verdict() {
  local text=$1 value=$2 op=$3 limit=$4
  if awk -v v="$value" -v l="$limit" -v op="$op" 'BEGIN {exit !(op == "<" ? v < l : v <= l)}'; then
    printf '  meets   %-44s %s %s %s\n' "$text" "$value" "$op" "$limit"
  else
    printf '  MISSES  %-44s %s, target %s %s\n' "$text" "$value" "$op" "$limit"
  fi
}
printf '\ntargets (ratios to ccusage on the same corpus, same run):\n'
verdict "cold wall time" "$(ratio "$(wall bw-cold)" "$cc_wall")" "<=" 1.00
verdict "warm wall time (goal 0.33)" "$(ratio "$(wall bw-warm)" "$cc_wall")" "<" 0.50
verdict "1 MB appended wall time" "$(ratio "$(wall bw-append)" "$cc_append_wall")" "<" 0.50
for scenario in bw-cold bw-warm bw-append; do
  verdict "peak memory, $scenario" "$(ratio "$(rss_mib "$scenario")" "$(rss_mib cc)")" "<=" 1.00
done
if ((smoke)); then
  printf '(smoke size: the corpus is too small for the ratios to mean much; the totals are what CI checks)\n'
fi
