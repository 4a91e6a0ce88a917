#!/usr/bin/env bash
# One command on a fresh Debian or Ubuntu: the system packages, the project, then the app.
#   bash build/setup.sh             installs everything, then starts Festime Desk (npm start)
#   bash build/setup.sh --no-start  installs only (what CI runs before the tests)
# apt-get runs through sudo when you are not root. Where Electron's own download is out of reach,
# set ELECTRON_SKIP_BINARY_DOWNLOAD=1: `npm start` then opens the same window in the browser.
set -euo pipefail
cd "$(dirname "$0")/.."

start=1
[ "${1:-}" = "--no-start" ] && start=0

# keytar builds against libsecret; the tests use a real gnome-keyring on a private D-Bus
# (secret-tool checks it from outside), LibreOffice reads the workbooks back, Debian's Chromium
# runs the end-to-end tests (Playwright never downloads a browser), sqlite3 serves the benchmarks,
# faketime sets a wrong PC clock for the CLI in the clock tests.
APT_PACKAGES=(build-essential python3 libsecret-1-dev gnome-keyring dbus dbus-x11 libsecret-tools libreoffice-calc chromium fonts-dejavu-core sqlite3 faketime poppler-utils)

sudo_=()
[ "$(id -u)" -ne 0 ] && sudo_=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_[@]}" apt-get update -qq
"${sudo_[@]}" apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}" >/dev/null

# Playwright's browsers are never downloaded: the tests drive Debian's Chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# The native modules (keytar, better-sqlite3) compile against the headers Node installed, when
# they are there: nothing is fetched from nodejs.org.
if [ -f /usr/include/node/node_api.h ]; then export npm_config_nodedir=/usr; fi
npm ci --no-audit --no-fund

if [ "$start" = 1 ]; then exec npm start; fi
