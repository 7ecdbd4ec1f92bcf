#!/usr/bin/env bash
# Renders a run's report.html in headless Chromium to a PNG screenshot, so a
# person (or a reviewer's image viewer) can look at the report as a browser
# shows it.
#
#   scripts/screenshot-report.sh [REPORT_HTML] [OUT_PNG] [WIDTH,HEIGHT]
#
# Defaults: output/key_accounts/report.html -> output/key_accounts/report.png,
# 1400,4000. Runs `keysplit run scenarios/key_accounts.toml` first when the
# default report is missing. Chromium comes from Debian's `chromium` package
# (apt-get install -y chromium). Without it the script says so and exits 0, so
# CI can call it unconditionally and skip the check where no browser exists.
set -euo pipefail

cd "$(dirname "$0")/.."
report="${1:-output/key_accounts/report.html}"
out="${2:-${report%.html}.png}"
size="${3:-1400,4000}"

browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then
    browser="$b"
    break
  fi
done
if [[ -z "$browser" ]]; then
  echo "screenshot-report: no Chromium found; skipped (apt-get install -y chromium)" >&2
  exit 0
fi

if [[ ! -f "$report" ]]; then
  if [[ "$report" == "output/key_accounts/report.html" ]]; then
    cargo run --release --quiet -- run scenarios/key_accounts.toml --quiet
  else
    echo "screenshot-report: $report does not exist" >&2
    exit 1
  fi
fi

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
abs_report="$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
mkdir -p "$(dirname "$out")"
abs_out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
rm -f "$abs_out"

# --no-sandbox: CI and these machines run as root. No network is needed: the
# report is self-contained (charts inline, font embedded).
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --hide-scrollbars --user-data-dir="$profile" \
  --screenshot="$abs_out" --window-size="$size" "file://$abs_report" \
  >"$profile/chromium.log" 2>&1 || {
  echo "screenshot-report: Chromium failed:" >&2
  tail -20 "$profile/chromium.log" >&2
  exit 1
}
if [[ ! -s "$abs_out" ]]; then
  echo "screenshot-report: no screenshot was written" >&2
  tail -20 "$profile/chromium.log" >&2
  exit 1
fi
echo "screenshot-report: $out"
