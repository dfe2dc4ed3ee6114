#!/bin/sh
# Install Debian packages MIK uses when their command is missing: `haproxy` (mik serve --workers)
# and `chromium` (browser tests). Usage: scripts/system-packages.sh haproxy [chromium]
# Without apt-get or root rights it says what is missing and goes on (mik serve then runs one process).
updated=""
for pkg in "$@"; do
  command -v "$pkg" >/dev/null 2>&1 && continue
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    if [ -z "$updated" ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq && updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null || echo "could not install $pkg" >&2
  else
    echo "$pkg is not installed (Debian: sudo apt-get install $pkg)" >&2
  fi
done
exit 0
