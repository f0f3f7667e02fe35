from django.core.management.base import BaseCommand, CommandError, CommandParser

from lms.catalog.tasks import course_thumbnail_variants_backfill
from lms.catalog.thumbnails import courses_missing_thumbnail_variants


class Command(BaseCommand):
    help = (
        "Queue the responsive copies of course thumbnails that have none (uploaded before "
        "the copies were made), one background job per batch of courses. Safe to run again: "
        "a course that has its copies is not queued, and a job skips one done meanwhile."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=50, help="Courses per job (default 50)."
        )

    def handle(self, *args, batch_size: int, **options) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        course_ids = list(courses_missing_thumbnail_variants().values_list("pk", flat=True))
        if not course_ids:
            self.stdout.write("Every course thumbnail has its responsive copies: nothing queued.")
            return
        batches = [course_ids[at : at + batch_size] for at in range(0, len(course_ids), batch_size)]
        for number, batch in enumerate(batches, start=1):
            course_thumbnail_variants_backfill(batch)
            self.stdout.write(f"Batch {number}: courses {', '.join(map(str, batch))}")
        self.stdout.write(
            f"Queued responsive copies for {len(course_ids)} course thumbnails "
            f"in {len(batches)} jobs."
        )
