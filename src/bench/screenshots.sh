#!/usr/bin/env bash
# Takes the README's screenshots from the real console on the embedded demo host, under Xvfb.
# Usage: src/bench/screenshots.sh [OUT_DIR] [SECONDS_AFTER_FIX]
# Needs xvfb-run (Debian: apt-get install xvfb). Writes dashboard-before.png, daemon-preview.png,
# daemon.png, dashboard.png, sessions.png and costs.png.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-assets/screenshots}"
wait_after_fix="${2:-60}"
./mvnw -q -o test-compile
./mvnw -q -o dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat target/test-classpath.txt)"
xvfb-run -a -s '-screen 0 1400x900x24' java -cp "$cp" -Dprism.order=sw ${SHOTS_JAVA_OPTS:-} \
    dev.burnwatch.ui.Screenshots "$out" "$wait_after_fix"
