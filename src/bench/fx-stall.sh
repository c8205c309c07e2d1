#!/usr/bin/env bash
# Longest JavaFX-thread stall while the console loads the ~1 GB reference corpus cold and
# refreshes it after a transcript grew (target: under 100 ms). Runs the real console under Xvfb.
# Usage: src/bench/fx-stall.sh [CORPUS_DIR] [--smoke]
#   CORPUS_DIR defaults to /tmp/burnwatch-corpus (written by gen_transcripts.py when missing);
#   --smoke uses a 20 MB corpus instead (for CI).
#   FX_STALL_JAVA_OPTS=-Dstall.trace=true prints the FX and render threads' stacks whenever a
#   probe task is 100 ms late.
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus="${1:-/tmp/burnwatch-corpus}"
sessions=2000; mb=1024
if [[ "${2:-}" == "--smoke" || "${1:-}" == "--smoke" ]]; then
    [[ "${1:-}" == "--smoke" ]] && corpus=/tmp/burnwatch-corpus-smoke
    sessions=60; mb=20
fi
if [[ ! -d "$corpus/projects" ]]; then
    python3 ../shared/bench/gen_transcripts.py --out "$corpus" --sessions "$sessions" --target-mb "$mb" --seed 7
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$corpus" "$work/corpus"     # the refresh phase appends to a transcript: never touch the original
./mvnw -q -o test-compile
./mvnw -q -o dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat target/test-classpath.txt)"
files=$(find "$corpus/projects" -name '*.jsonl' | wc -l)
echo "corpus: $(du -sh "$corpus" | cut -f1), $files transcripts; target < 100 ms"
jvm_options=$(sed -e "s/#.*//" -e "/^[[:space:]]*$/d" src/main/jvm/launcher.options)
# shellcheck disable=SC2086 # one option per word
xvfb-run -a -s "-screen 0 1400x900x24" java $jvm_options ${FX_STALL_JAVA_OPTS:-} -cp "$cp" dev.burnwatch.ui.FxStallBench "$work/corpus" \
    2> >(grep -v -e 'Unsupported JavaFX configuration' -e 'PlatformImpl startup' >&2)
