#!/usr/bin/env bash
# Install the Debian packages One Map needs, only those missing.
#   scripts/system_deps.sh run    PostgreSQL 15 + PostGIS 3 + pgRouting (the private store),
#                                   CJK fonts (PDF reports)
#   scripts/system_deps.sh test   + Chromium (browser tests), Redis (Celery tests),
#                                   GDAL tools and QGIS's Python bindings (real-client
#                                   tests, run with /usr/bin/python3)
set -euo pipefail
want=(postgresql postgis postgresql-15-postgis-3 postgresql-15-pgrouting fonts-noto-cjk)
if [ "${1:-run}" = "test" ]; then
  want+=(chromium redis-server gdal-bin python3-qgis)
fi
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "error: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
