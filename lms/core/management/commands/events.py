from django.core.management.base import BaseCommand

from lms.core.events import registry_lines


class Command(BaseCommand):
    help = "List every domain event and the receivers that react to it."

    def handle(self, *args, **options) -> None:
        for line in registry_lines():
            self.stdout.write(line)
