"""Resume sections that other contexts contribute (certificates with their verification
links, badges). Each is a function `(user) -> list[dict]` named in SECTION_PROVIDERS as a
dotted path; a context that is not installed is skipped, so the resume works before and
after those contexts exist. A provider's items are shown under its title as `title`,
`detail` and an optional `url`."""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.utils.module_loading import import_string

from lms.accounts.models import User


@dataclass(frozen=True)
class SectionProvider:
    app_label: str
    title: str  # a gettext_lazy string
    function: str  # dotted path of `(user) -> list[dict]`


# Add a row here when a context offers a section (and keep the function's items short).
SECTION_PROVIDERS: list[SectionProvider] = []


def extra_sections(*, user: User) -> list[dict]:
    sections = []
    for provider in SECTION_PROVIDERS:
        if not apps.is_installed(f"lms.{provider.app_label}"):
            continue
        function: Callable[[User], list[dict]] = import_string(provider.function)
        items = function(user)
        if items:
            sections.append({"title": str(provider.title), "items": items})
    return sections
