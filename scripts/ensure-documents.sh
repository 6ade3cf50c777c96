#!/bin/sh
# Make sure the Debian packages behind PDF documents are installed: Pango (WeasyPrint lays out text with it), the
# DejaVu fonts the documents name, and poppler-utils (pdftotext/pdftoppm, used by the document tests). Idempotent
# and never fatal: installs what is missing with apt-get when run as root; otherwise says why and exits 0 (PDF
# rendering then answers with a clear error and the tests that need poppler skip with the reason).
set -u
missing=""
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$missing fonts-dejavu-core"
ls /usr/lib/*/libpango-1.0.so.0 >/dev/null 2>&1 || missing="$missing libpango-1.0-0"
ls /usr/lib/*/libpangoft2-1.0.so.0 >/dev/null 2>&1 || missing="$missing libpangoft2-1.0-0"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-documents: missing Debian packages:$missing; install them with 'sudo apt-get install$missing'" \
       "(PDF documents and their tests need them)." >&2
  exit 0
fi
echo "ensure-documents: installing$missing with apt-get ..." >&2
# shellcheck disable=SC2086
if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null; then
  echo "ensure-documents: installed$missing" >&2
else
  echo "ensure-documents: apt-get could not install$missing; PDF documents will answer with an error." >&2
fi
exit 0
