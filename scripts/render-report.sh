#!/usr/bin/env bash
# Renders a bulk-resend HTML report to a PNG with headless Chromium, to look at a report on a
# machine without a desktop, or to attach a picture of it to a ticket.
#
#   scripts/render-report.sh REPORT.html [OUT.png]
#
# OUT.png defaults to the report's name with .png. WINDOW_SIZE=width,height sets the window
# (default 1280,900); the picture shows what fits in it, so WINDOW_SIZE=1280,4000 shows more rows.
# Chromium is /usr/bin/chromium or chromium on the PATH; where it is missing and the script runs
# as root on Debian, it installs it with apt-get first, as .ci/run does.
set -euo pipefail

me=$(basename "$0")
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $me REPORT.html [OUT.png]" >&2
    exit 2
fi
report=$1
if [ ! -f "$report" ]; then
    echo "$me: no such file: $report" >&2
    exit 2
fi
out=${2:-${report%.*}.png}
size=${WINDOW_SIZE:-1280,900}

find_chromium() {
    if [ -x /usr/bin/chromium ]; then
        echo /usr/bin/chromium
    else
        command -v chromium
    fi
}

if ! chromium=$(find_chromium); then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        log=$(mktemp --tmpdir chromium-install.XXXXXX.log)
        echo "$me: chromium is missing, installing it with apt-get (output in $log)" >&2
        # Waits for apt's locks if another installation holds them; gives up after 10 minutes.
        if ! DEBIAN_FRONTEND=noninteractive timeout 600 sh -c 'apt-get update -qq -o DPkg::Lock::Timeout=300 && apt-get install -y -qq -o DPkg::Lock::Timeout=300 chromium' >"$log" 2>&1; then
            echo "$me: could not install chromium, see $log" >&2
            exit 1
        fi
        if ! chromium=$(find_chromium); then
            echo "$me: apt-get installed chromium, yet it is not at /usr/bin/chromium or on the PATH" >&2
            exit 1
        fi
    else
        echo "$me: chromium is not installed; install it (Debian: apt-get install chromium) or run this as root" >&2
        exit 1
    fi
fi

work=$(mktemp -d --tmpdir render-report.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$out")"
abs_report=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
abs_out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
rm -f "$abs_out"

# A fresh profile and nothing that reaches out: the report needs nothing beyond itself.
if ! timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/profile" --hide-scrollbars --window-size="$size" \
        --screenshot="$abs_out" "$abs_report" >"$work/chromium.log" 2>&1 || [ ! -s "$abs_out" ]; then
    echo "$me: chromium could not render $report:" >&2
    grep -v 'dbus' "$work/chromium.log" | tail -n 20 >&2 || true
    exit 1
fi
echo "$abs_out"
