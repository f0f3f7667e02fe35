"""Release steps run by each web container before it serves: apply migrations, then print the
one-time first-admin link when no admin exists.

Several web containers may start at once (`docker compose up --scale web=3`); on PostgreSQL a
session-level advisory lock makes them take turns, so only the first one migrates and prints
the link, and the others find nothing left to do.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

# Any constant shared by every container of this app: the bytes "lmsrelea" as a bigint.
RELEASE_LOCK_ID = int.from_bytes(b"lmsrelea", "big") & 0x7FFFFFFFFFFFFFFF


def main() -> None:
    locked = connection.vendor == "postgresql"
    if locked:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [RELEASE_LOCK_ID])
    try:
        call_command("migrate", interactive=False, verbosity=1)
        call_command("first_admin_link")
    finally:
        if locked:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [RELEASE_LOCK_ID])
        connection.close()


if __name__ == "__main__":
    main()
