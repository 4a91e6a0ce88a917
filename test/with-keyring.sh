#!/usr/bin/env bash
# Runs a command with a real Secret Service (gnome-keyring) on a private D-Bus session,
# so that the keychain tests talk to a real keyring instead of a mock.
# Nested calls (FESTIME_KEYRING_READY=1) run the command as is.
set -euo pipefail
if [ "${FESTIME_KEYRING_READY:-}" = 1 ]; then exec "$@"; fi
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-keyring: dbus-run-session and gnome-keyring-daemon are needed (apt-get install dbus gnome-keyring)" >&2
  exit 2
fi
exec dbus-run-session -- bash -c '
  # Keep the throwaway keyring away from any real keyring of this account.
  export XDG_DATA_HOME="$(mktemp -d)"
  # A throwaway password creates and unlocks the login keyring for this session only.
  printf "festime-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  export FESTIME_KEYRING_READY=1
  exec "$@"
' with-keyring "$@"
