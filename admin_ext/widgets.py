"""Console widgets. Private files (under `private/` of the default storage) are never linked
by their storage address: on local storage nothing serves it, and on S3 it would be a
signed address handed out by a page instead of the permission-checked view."""

from collections.abc import Callable
from pathlib import PurePosixPath

from django.db.models.fields.files import FieldFile
from unfold.widgets import UnfoldAdminFileFieldWidget


class _LinkedFile:
    """What the file widget's template reads of its value (`url`, and the text)."""

    def __init__(self, field_file: FieldFile, url: str) -> None:
        self.name = field_file.name
        self.url = url

    def __str__(self) -> str:
        return PurePosixPath(self.name).name

    def __bool__(self) -> bool:
        return bool(self.name)


class PrivateFileWidget(UnfoldAdminFileFieldWidget):
    """The console's file input for a private file. `url_for(field_file)` gives the address
    of the view that serves it after a permission check, or "" when there is none (the
    widget then shows the file's name only)."""

    def __init__(self, *, url_for: Callable[[FieldFile], str], attrs=None) -> None:
        super().__init__(attrs=attrs)
        self.url_for = url_for

    def format_value(self, value):
        value = super().format_value(value)
        if isinstance(value, FieldFile) and value:
            return _LinkedFile(value, self.url_for(value) or "#")
        return value
