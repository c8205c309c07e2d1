#!/usr/bin/env bash
# Renders assets/icons/burnwatch.svg into the icons each platform's installer needs:
# PNGs (Linux desktop entry and jpackage --icon), burnwatch.ico (Windows), burnwatch.icns (macOS).
# Needs: rsvg-convert (Debian: librsvg2-bin), convert (imagemagick), png2icns (icnsutils).
# The results are committed; run this only after changing the SVG.
set -euo pipefail
icons=$(cd "$(dirname "$0")/../assets/icons" && pwd)
for tool in rsvg-convert convert png2icns; do
  command -v "$tool" >/dev/null || { echo "make-icons: $tool is missing (apt-get install librsvg2-bin imagemagick icnsutils)" >&2; exit 2; }
done

sizes=(16 32 48 64 128 256 512)
for size in "${sizes[@]}"; do
  rsvg-convert -w "$size" -h "$size" "$icons/burnwatch.svg" -o "$icons/burnwatch-$size.png"
done
convert "$icons"/burnwatch-{16,32,48,64,128,256}.png "$icons/burnwatch.ico"
png2icns "$icons/burnwatch.icns" "$icons"/burnwatch-{16,32,48,128,256,512}.png >/dev/null
ls -l "$icons"
