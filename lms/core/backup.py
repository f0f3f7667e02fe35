"""One archive holds the database and the uploaded files: `manage.py backup` writes it,
`manage.py restore` reads it back.

The database part is taken the way each engine does it best:
- SQLite: SQLite's online backup API (`sqlite3.Connection.backup`), a consistent copy of
  the whole file, taken while the app runs (WAL included); restored with the same API
  into the open database.
- PostgreSQL: `pg_dump -Fc` (everything: sequences, constraints, indexes), restored with
  `pg_restore --clean --if-exists --single-transaction`, all or nothing. When the client
  programs are missing (or older than the server), Django's own `dumpdata`/`loaddata`
  (JSON with natural keys) instead: slower and bigger, but it needs nothing installed.
  `--method json` forces it, e.g. to move data between SQLite and PostgreSQL.
After a restore, `migrate` brings an archive from an older release up to the running code.

Media: the folder of local storage (MEDIA_ROOT), under `media/` in the archive. With S3
storage the files stay in the bucket (turn on its versioning); the archive says so.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from lms.core.events import DatabaseRestored, publish

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database.sqlite3", "pg_dump": "database.dump", "json": "database.json"}
# Rebuilt by `migrate` on the target; dumping them would clash with the rows it creates.
JSON_EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


class BackupError(Exception):
    """A backup or restore that cannot be done, said in a sentence."""


@dataclass(frozen=True)
class Manifest:
    format: int
    created_at: str
    engine: str
    method: str
    media: bool

    @classmethod
    def read(cls, archive: tarfile.TarFile) -> Manifest:
        try:
            data = json.loads(archive.extractfile(MANIFEST).read())
        except (KeyError, AttributeError, ValueError) as error:
            raise BackupError("This file is not an LMS backup (no manifest).") from error
        if data.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {data.get('format')!r}.")
        return cls(**{name: data[name] for name in cls.__dataclass_fields__})


def engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def media_root() -> Path | None:
    """The media folder when files are on local storage; None with S3."""
    if not isinstance(default_storage, FileSystemStorage):
        return None
    return Path(settings.MEDIA_ROOT)


# --- Choosing the method -------------------------------------------------------------------


def _pg_major(program: str) -> int | None:
    path = shutil.which(program)
    if path is None:
        return None
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
    digits = output.stdout.strip().split()[-1].split(".")[0] if output.stdout else ""
    return int(digits) if digits.isdigit() else None


def pg_tools_usable() -> bool:
    """pg_dump and pg_restore are installed and not older than the server (pg_dump refuses
    a newer server)."""
    dump, restore = _pg_major("pg_dump"), _pg_major("pg_restore")
    if dump is None or restore is None:
        return False
    connection.ensure_connection()
    server = connection.pg_version // 10000
    return min(dump, restore) >= server


def method_for(requested: str) -> str:
    vendor = engine()
    if requested == "json":
        return "json"
    if vendor == "sqlite":
        return "sqlite"
    if pg_tools_usable():
        return "pg_dump"
    if requested == "native":
        raise BackupError("pg_dump/pg_restore are missing or older than the server.")
    return "json"


# --- PostgreSQL client programs ------------------------------------------------------------


def _pg_arguments() -> tuple[list[str], dict[str, str]]:
    """Connection arguments of the default database (its test name under tests) and the
    environment carrying the password, so that it never shows in a process list."""
    params = connection.settings_dict
    arguments = ["--dbname", params["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if params.get(key):
            arguments += [flag, str(params[key])]
    environment = {**os.environ}
    if params.get("PASSWORD"):
        environment["PGPASSWORD"] = str(params["PASSWORD"])
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


# --- Database parts ------------------------------------------------------------------------


def _database_dump(method: str, folder: Path) -> Path:
    target = folder / DATABASE_FILES[method]
    if method == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    elif method == "pg_dump":
        arguments, environment = _pg_arguments()
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *arguments],
            environment,
        )
    else:
        with target.open("w", encoding="utf-8") as output:
            call_command(
                "dumpdata",
                natural_foreign=True,
                natural_primary=True,
                exclude=JSON_EXCLUDED,
                stdout=output,
                verbosity=0,
            )
    return target


def _database_load(method: str, source: Path) -> None:
    if method == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
    elif method == "pg_dump":
        arguments, environment = _pg_arguments()
        connection.close()  # our own open transaction would block the DROPs
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                *arguments,
                str(source),
            ],
            environment,
        )
    else:
        call_command("flush", interactive=False, verbosity=0)
        # flush's post_migrate recreates content types and permissions; the dump refers to
        # them by natural key. Rows that migrations create (site, home page text) are
        # replaced by the dump's.
        call_command("loaddata", str(source), verbosity=0)


# --- Archive -------------------------------------------------------------------------------


def backup_create(*, folder: Path, method: str = "auto") -> Path:
    """Write `lms-backup-<UTC time>.tar.gz` into `folder` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    chosen = method_for(method)
    media = media_root()
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    archive_path = folder / f"lms-backup-{stamp}.tar.gz"
    partial = archive_path.with_suffix(".partial")
    with tempfile.TemporaryDirectory(dir=folder) as work:
        dump = _database_dump(chosen, Path(work))
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": engine(),
            "method": chosen,
            "media": media is not None,
        }
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=dump.name)
            if media is not None and media.is_dir():
                archive.add(media, arcname="media")
    partial.rename(archive_path)  # a half-written archive never carries the final name
    return archive_path


def backup_restore(*, archive_path: Path) -> Manifest:
    """Replace the database with the archive's and put its files back into the media
    folder (files already there under other names are left alone). Runs `migrate` after,
    then publishes `DatabaseRestored` (the catalog's cache moves its version on)."""
    if not archive_path.is_file():
        raise BackupError(f"No such file: {archive_path}")
    with tarfile.open(archive_path, "r:gz") as archive:
        manifest = Manifest.read(archive)
        if manifest.method != "json" and manifest.engine != engine():
            raise BackupError(
                f"This archive holds a {manifest.engine} database; this site runs "
                f"{engine()}. Take a backup with --method json to move between them."
            )
        if manifest.method == "pg_dump" and not pg_tools_usable():
            raise BackupError("pg_restore is missing or older than the server.")
        with tempfile.TemporaryDirectory() as work:
            # The "data" filter refuses absolute names, "..", links out of the folder and
            # device files: an archive cannot write outside where it is unpacked.
            archive.extractall(work, filter="data")
            _database_load(manifest.method, Path(work) / DATABASE_FILES[manifest.method])
            unpacked_media = Path(work) / "media"
            target = media_root()
            if manifest.media and target is not None and unpacked_media.is_dir():
                shutil.copytree(unpacked_media, target, dirs_exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    publish(DatabaseRestored())
    return manifest
