from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Replace the database with the one in a `backup` archive, put its files back into "
        "the media folder, then migrate. Stop the web and worker processes first."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path, help="a file written by `manage.py backup`")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="do not ask first"
        )

    def handle(self, *args, archive: Path, interactive: bool, **options) -> None:
        if interactive:
            answer = input(
                "This replaces every row of the database with the archive's. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            manifest = backup_restore(archive_path=archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the {manifest.engine} backup of {manifest.created_at} "
            f"({manifest.method}{', with media' if manifest.media else ''})."
        )
