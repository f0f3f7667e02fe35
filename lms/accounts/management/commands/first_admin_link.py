from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from lms.accounts.selectors import first_admin_needed
from lms.accounts.services import first_admin_invitation_create


class Command(BaseCommand):
    help = (
        "When no admin exists, print a one-time link that opens the page to create the first admin."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--public-url", default=settings.LMS_PUBLIC_URL)

    def handle(self, *args, public_url: str, **options) -> None:
        if not first_admin_needed():
            return
        token = first_admin_invitation_create()
        link = public_url.rstrip("/") + reverse("student_pwa:first_admin_setup", args=[token])
        hours = settings.LMS_FIRST_ADMIN_LINK_HOURS
        self.stdout.write("")
        self.stdout.write(
            self.style.WARNING("No admin exists yet. Open this link to create the first one")
        )
        self.stdout.write(self.style.WARNING(f"(it works once and expires in {hours} hours):"))
        self.stdout.write(f"\n    {link}\n")
