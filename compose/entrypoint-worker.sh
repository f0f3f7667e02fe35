#!/bin/sh
# The worker container: Huey's consumer (emails, notifications, PDFs, periodic jobs).
# It starts after the web container is healthy, so the database is migrated by then.
set -eu

cd "${APP_DIR:-/app}"
exec python manage.py run_huey "$@"
