#!/bin/sh
# Make sure Debian's chromium is installed for the browser tests (tests/e2e). Idempotent and never fatal:
# nothing to do when /usr/bin/chromium exists; installs it with apt-get when run as root; otherwise says why
# and exits 0 (the browser tests then skip with the reason). Never use `playwright install` here.
set -u
CHROMIUM="${VENUEDESK_E2E_CHROMIUM:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure-chromium: $CHROMIUM is missing and this is not root; install it with" \
       "'sudo apt-get install chromium' to run the browser tests (they skip until then)." >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM is missing and apt-get is not available; the browser tests will skip." >&2
  exit 0
fi
echo "ensure-chromium: installing chromium with apt-get ..." >&2
if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then
  echo "ensure-chromium: installed $(command -v chromium)" >&2
else
  echo "ensure-chromium: apt-get could not install chromium; the browser tests will skip." >&2
fi
exit 0
