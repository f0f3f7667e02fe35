from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write the database and the uploaded files into one archive "
        "(lms-backup-<UTC time>.tar.gz) in the given folder."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", type=Path, help="where to write the archive")
        parser.add_argument(
            "--method",
            choices=["auto", "native", "json"],
            default="auto",
            help=(
                "auto: SQLite's backup API or pg_dump, else dumpdata; native: refuse "
                "rather than fall back; json: dumpdata (portable between databases)"
            ),
        )

    def handle(self, *args, folder: Path, method: str, **options) -> None:
        try:
            archive = backup_create(folder=folder, method=method)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(archive))
