#!/bin/sh
# Refresh the vendored front-end files from the npm registry (no CDN at runtime).
# Bump a version here, run `make vendor`, check the site still works, commit the result.
set -eu

HTMX_VERSION="2.0.11"

here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "htmx.org@${HTMX_VERSION}" >/dev/null
tar -xzf "htmx.org-${HTMX_VERSION}.tgz"
mkdir -p "$here/htmx"
cp package/dist/htmx.min.js "$here/htmx/htmx.min.js"
cp package/LICENSE "$here/htmx/LICENSE"

cat > "$here/VERSIONS.txt" <<VERSIONS
# Vendored front-end packages (refreshed by static/vendor/refresh.sh from the npm registry)
htmx.org ${HTMX_VERSION}  static/vendor/htmx/htmx.min.js  (BSD Zero Clause License)
VERSIONS
echo "htmx.org ${HTMX_VERSION} vendored into $here/htmx"
