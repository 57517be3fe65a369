#!/usr/bin/env bash
# Print the path of a Chromium the browser tests can drive, installing Debian's
# `chromium` package when none is found and apt-get is available.
#
#   tools/ensure_chromium.sh            -> prints e.g. /usr/lib/chromium/chromium, exits 0
#   CASEKIT_CHROMIUM=/path/to/chrome tools/ensure_chromium.sh
#
# Search order (the same as tests/browser/conftest.py):
#   1. $CASEKIT_CHROMIUM, if set and executable
#   2. /usr/lib/chromium/chromium, /usr/bin/chromium, chromium-browser on PATH
#   3. apt-get update && apt-get install -y chromium (sudo when not root)
# Playwright's own browser download (`playwright install`) is never used.
set -euo pipefail

find_chromium() {
    local candidate
    if [[ -n "${CASEKIT_CHROMIUM:-}" && -x "${CASEKIT_CHROMIUM}" && ! -d "${CASEKIT_CHROMIUM}" ]]; then
        printf '%s\n' "${CASEKIT_CHROMIUM}"
        return 0
    fi
    for candidate in /usr/lib/chromium/chromium /usr/bin/chromium; do
        if [[ -x "$candidate" && ! -d "$candidate" ]]; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    if candidate="$(command -v chromium-browser 2>/dev/null)" && [[ -n "$candidate" ]]; then
        printf '%s\n' "$candidate"
        return 0
    fi
    return 1
}

if [[ -n "${CASEKIT_CHROMIUM:-}" && ! ( -x "${CASEKIT_CHROMIUM}" && ! -d "${CASEKIT_CHROMIUM}" ) ]]; then
    echo "ensure_chromium: CASEKIT_CHROMIUM=${CASEKIT_CHROMIUM} is not an executable file; looking elsewhere" >&2
fi

if find_chromium; then
    exit 0
fi

if command -v apt-get >/dev/null 2>&1; then
    if [[ "$(id -u)" -eq 0 ]]; then
        SUDO=()
    elif command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        echo "ensure_chromium: Chromium is missing and installing it needs root (no sudo found)." >&2
        echo "  As root run: apt-get update && apt-get install -y chromium" >&2
        exit 1
    fi
    echo "ensure_chromium: installing Debian's chromium package with apt-get..." >&2
    # Progress goes to stderr so that stdout carries only the path.
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update >&2
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >&2
    if find_chromium; then
        exit 0
    fi
    echo "ensure_chromium: apt-get installed chromium, but no binary was found at" \
         "/usr/lib/chromium/chromium or /usr/bin/chromium." >&2
    exit 1
fi

cat >&2 <<'EOF'
ensure_chromium: no Chromium found and this system has no apt-get.
  macOS:   install Chromium (brew install --cask chromium) or Google Chrome, then point
           the tests at its binary, e.g.
             export CASEKIT_CHROMIUM="/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"
             export CASEKIT_CHROMIUM="/Applications/Chromium.app/Contents/MacOS/Chromium"
  Fedora:  sudo dnf install chromium          (then CASEKIT_CHROMIUM=/usr/bin/chromium-browser if needed)
  Arch:    sudo pacman -S chromium
  Other:   install Chromium or Google Chrome and set CASEKIT_CHROMIUM to its executable.
Do not use `playwright install`: the tests drive a system browser only.
EOF
exit 1
