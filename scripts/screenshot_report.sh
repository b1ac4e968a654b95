#!/usr/bin/env bash
# Render the HTML report of the sample data and take a screenshot of it in headless Chromium,
# or print it to PDF as it goes into the Berita Acara (A4 landscape) when OUT ends with .pdf.
#
#   scripts/screenshot_report.sh [OUT.png|OUT.pdf] [REPORT.html]
#
# Without REPORT.html it runs `dptclean dedupe --save` on the sample KPU workbook and its DPK,
# renders `dptclean report RESULT_DIR -o report.html` in a temporary directory and shoots that.
# Needs Debian's chromium (`apt-get install -y chromium`). Every network feature of the browser
# is switched off: the page must render from the file alone (inline CSS and SVG).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$here/docs/report-screenshot.png}"
html="${2:-}"
browser="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$browser" ]; then
    echo "screenshot_report.sh: chromium not found (apt-get install -y chromium)" >&2
    exit 3
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ -z "$html" ]; then
    dptclean dedupe "$here/sample_data/dpt_jepara_kpu.xlsx" \
        --dpk "$here/sample_data/dpk_jepara.xlsx" --save "$work/result" -q \
        --tahapan "Rekapitulasi DPT" --nomor-ba "contoh/PL.01.2-BA/3320/2026" >/dev/null
    html="$work/report.html"
    dptclean report "$work/result" -o "$html"
fi

case "$out" in
    *.pdf) shot=(--print-to-pdf="$out" --no-pdf-header-footer) ;;
    *) shot=(--screenshot="$out" --window-size=1280,1800) ;;
esac
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$work/profile" \
    "${shot[@]}" "file://$(realpath "$html")" 2>"$work/chromium.log" \
    || { cat "$work/chromium.log" >&2; exit 1; }
test -s "$out"
echo "wrote $out ($(stat -c %s "$out") bytes)"
