#!/bin/sh
# Install the Debian packages MIK uses when what they provide is missing. Each argument is a package
# named by its command (`haproxy`, `chromium`) or WHAT=PACKAGE, where WHAT is a command or a file:
#   haproxy                      mik serve --workers
#   chromium                     browser tests
#   soffice=libreoffice-impress  the office-suite check of the decks (tests/test_office.py)
#   /usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf=fonts-crosextra-carlito
#                                Calibri's metrics for LibreOffice (the decks name Calibri)
# Without apt-get or root rights it says what is missing and goes on (mik serve then runs one process).
updated=""
for arg in "$@"; do
  what=${arg%%=*}
  pkg=${arg#*=}
  case "$what" in
    /*) [ -e "$what" ] && continue ;;
    *) command -v "$what" >/dev/null 2>&1 && continue ;;
  esac
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    if [ -z "$updated" ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq && updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null \
      || echo "could not install $pkg" >&2
  else
    echo "$pkg is not installed (Debian: sudo apt-get install $pkg)" >&2
  fi
done
exit 0
