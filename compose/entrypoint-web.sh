#!/bin/sh
# The web container: migrate (one container at a time), print the first-admin link when no
# admin exists, publish the static files for nginx, then serve HTTP + WebSocket with daphne.
set -eu

cd "${APP_DIR:-/app}"

# Migrations and the first-admin link, under a PostgreSQL advisory lock so that several web
# containers starting together do not migrate at the same time.
python compose/release.py

# The image holds the static files collected at build time; copy them into the volume that
# nginx serves. Files of earlier releases stay, so pages still open in a browser keep
# loading their (hashed) assets during a rolling restart.
# (Running collectstatic here instead would redo ~1 minute of hashing and compressing on
# every start of every web container, for the same result.)
STATIC_SHARED_DIR="${STATIC_SHARED_DIR:-/srv/static}"
if [ -d "$STATIC_SHARED_DIR" ]; then
  cp -R "${STATIC_ROOT:-staticfiles}"/. "$STATIC_SHARED_DIR"/
fi

# One daphne process per core (WEB_PROCESSES, default: the cores this container may use),
# each with its own SO_REUSEPORT socket on the same port: one process runs Python one thread
# at a time, so fewer processes than cores leave cores idle (README, "Performance").
# No --proxy-headers: daphne passes nginx's address on as the peer, and Django alone reads
# the visitor's address from the X-Forwarded-For that nginx overwrote, as many hops from
# the right as LMS_TRUSTED_PROXIES says (docker-compose.yml sets 1). One rule in one place
# (lms.core.client_address) for every limit; the scheme comes from X-Forwarded-Proto
# through SECURE_PROXY_SSL_HEADER.
exec python compose/web_processes.py --bind "${DAPHNE_BIND:-0.0.0.0}" --port "${DAPHNE_PORT:-8000}"
