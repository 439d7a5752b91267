#!/usr/bin/env bash
# Debian packages the project needs: Chromium for browser tests, Pango and a CJK font for
# WeasyPrint PDFs, poppler for reading PDFs in tests. Installed when run as root, else named.
set -euo pipefail
PACKAGES=(chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 poppler-utils)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing system packages; run as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
