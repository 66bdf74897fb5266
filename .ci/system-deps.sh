#!/usr/bin/env bash
# Install the Debian packages the portal needs (WeasyPrint's font subsetting, a CJK font,
# Chromium for the browser tests, poppler to check PDFs, Graphviz for the state diagram, Node.js
# and npm to install axe-core for the browser tests' accessibility checks).
# Does nothing when they are all present; needs root (or sudo) otherwise. An argument names
# another list (.ci/run installs .ci/apt-packages-ci.txt: PostgreSQL and Redis for its passes).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
list="${1:-$here/apt-packages.txt}"
missing=()
while read -r pkg; do
  [ -z "$pkg" ] && continue
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done < "$list"
# Debian ships npm apart from nodejs; some nodejs builds include it already.
if [ "$list" = "$here/apt-packages.txt" ] && ! command -v npm >/dev/null 2>&1; then
  missing+=("npm")
fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
