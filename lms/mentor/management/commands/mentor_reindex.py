from django.core.management.base import BaseCommand

from lms.mentor.search import index_rebuild


class Command(BaseCommand):
    help = "Index the text of every lesson again for the AI mentor's search."

    def handle(self, *args, **options) -> None:
        count = index_rebuild()
        self.stdout.write(f"{count} passages indexed.")
