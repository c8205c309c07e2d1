#!/usr/bin/env bash
# Prints the modules the runtime image needs, comma-separated, as the `package` profile's
# package.modules expects them. Run after `./mvnw -Ppackage -DskipTests package` (it reads
# target/burnwatch.jar, target/lib-nofx and target/javafx); paste its output into pom.xml
# when it differs, and say why in the commit.
#
# How: jdeps over burnwatch.jar and EVERY runtime jar, not only what burnwatch.jar reaches
# today: code that lands later (AWS, SSH, SQLite) must not find a module missing. Modular
# jars are analysed as plain class-path jars (their module-info.class removed), because on
# the image's class path their `requires` (tilesfx -> javafx.web, ...) do not apply.
# jdeps cannot see what is looked up at run time through the service loader or by
# reflection, so the allow-list below comes on top, each module for a reason. It is the only
# way a module gets into the image besides jdeps: .ci/package-smoke fails when package.modules
# lacks a module printed here, and when it holds one that is not printed here.
set -euo pipefail
cd "$(dirname "$0")/.."
target=target
for needed in "$target/burnwatch.jar" "$target/lib-nofx" "$target/javafx"; do
  [[ -e $needed ]] || { echo "derive-modules: $needed is missing; run ./mvnw -Ppackage -DskipTests package first" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for jar in "$target/burnwatch.jar" "$target"/lib-nofx/*.jar; do
  cp "$jar" "$work/"
  zip -q -d "$work/$(basename "$jar")" module-info.class 'META-INF/versions/*/module-info.class' >/dev/null 2>&1 || true
done

ALLOWED=(
  jdk.crypto.ec     # EC and EdDSA/XDH keys and key exchange: TLS to AWS, SSH host and user keys
  jdk.unsupported   # sun.misc.Unsafe, used reflectively by several libraries
)
# The JavaFX modules the console uses, linked in as modules (their own dependencies come with them).
JAVAFX=(javafx.base javafx.graphics javafx.controls)

jdk=$(jdeps --multi-release "${JAVA_RELEASE:-17}" --ignore-missing-deps --print-module-deps "$work"/*.jar)
echo "$jdk,$(IFS=,; echo "${ALLOWED[*]},${JAVAFX[*]}")" \
  | tr ',' '\n' | awk 'NF && !seen[$0]++' | paste -sd, -
