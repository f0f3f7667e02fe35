"""Validation of uploaded files: size limit, extension allowlist and content sniffing.

A file is accepted only when its extension is allowed *and* its first bytes look like that
kind of file, so a renamed executable or HTML page is refused with a clear message.
"""

import re
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

# Leading bytes ("signatures") of each accepted extension. `None` marks text formats,
# checked for being decodable text without NUL bytes and, where given, a required prefix.
SIGNATURES: dict[str, tuple[bytes, ...] | None] = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
    "pdf": (b"%PDF-",),
    "docx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "zip": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "ppt": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "webm": (b"\x1a\x45\xdf\xa3",),
    "mkv": (b"\x1a\x45\xdf\xa3",),
    "ogg": (b"OggS",),
    "mp3": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
    "txt": None,
    "md": None,
    "csv": None,
    "vtt": None,
}
# Formats whose signature is not at offset 0: ISO media files carry "ftyp" at offset 4.
OFFSET_SIGNATURES: dict[str, tuple[int, bytes]] = {
    "mp4": (4, b"ftyp"),
    "m4v": (4, b"ftyp"),
    "mov": (4, b"ftyp"),
    "m4a": (4, b"ftyp"),
}
TEXT_PREFIXES: dict[str, bytes] = {"vtt": b"WEBVTT"}


def _head(uploaded, size: int = 512) -> bytes:
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(size)
    uploaded.seek(position)
    return head if isinstance(head, bytes) else head.encode()


def content_matches_extension(head: bytes, extension: str) -> bool:
    if extension in OFFSET_SIGNATURES:
        offset, signature = OFFSET_SIGNATURES[extension]
        return head[offset : offset + len(signature)] == signature
    signatures = SIGNATURES.get(extension, ())
    if signatures is None:
        text = head.removeprefix(b"\xef\xbb\xbf")
        if b"\x00" in text:
            return False
        return text.startswith(TEXT_PREFIXES.get(extension, b""))
    return any(head.startswith(signature) for signature in signatures)


@deconstructible
class UploadValidator:
    """Model-field validator: `UploadValidator(extensions=["pdf"], max_bytes=5_000_000)`."""

    def __init__(self, *, extensions: list[str], max_bytes: int) -> None:
        unknown = set(extensions) - set(SIGNATURES) - set(OFFSET_SIGNATURES)
        if unknown:
            raise ValueError(f"No content signature known for: {sorted(unknown)}")
        self.extensions = sorted(extensions)
        self.max_bytes = max_bytes

    def __call__(self, uploaded) -> None:
        extension = PurePath(uploaded.name or "").suffix.lower().lstrip(".")
        if uploaded.size == 0:
            raise ValidationError(_("This file is empty."), code="file_empty")
        if extension not in self.extensions:
            raise ValidationError(
                _("Files of type “%(extension)s” are not accepted. Allowed: %(allowed)s.")
                % {"extension": extension or "?", "allowed": ", ".join(self.extensions)},
                code="file_extension",
            )
        if uploaded.size > self.max_bytes:
            raise ValidationError(
                _("This file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(self.max_bytes)},
                code="file_too_large",
            )
        if not content_matches_extension(_head(uploaded), extension):
            raise ValidationError(
                _("This file’s content does not match its “.%(extension)s” extension.")
                % {"extension": extension},
                code="file_content",
            )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, UploadValidator)
            and self.extensions == other.extensions
            and self.max_bytes == other.max_bytes
        )


# --- Where uploads are stored -------------------------------------------------------------

_SAFE_EXTENSION = re.compile(r"^[a-z0-9]{1,10}$")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")


def stored_name(folder: str, filename: str) -> str:
    """A generated storage path under `folder`: a random name keeping only the (validated)
    extension. The client's file name never reaches storage: it could carry path parts,
    markup or someone's personal data, and two uploads could collide."""
    extension = PurePath(filename or "").suffix.lower().lstrip(".")
    suffix = f".{extension}" if _SAFE_EXTENSION.match(extension) else ""
    return f"{folder.strip('/')}/{uuid.uuid4().hex}{suffix}"


def display_name(filename: str, *, max_length: int = 255) -> str:
    """The client's file name as display metadata only: its last path part, no control
    characters, cut to `max_length` (keeping the extension)."""
    name = PurePath((filename or "").replace("\\", "/")).name
    name = _UNPRINTABLE.sub("", name).strip() or "file"
    if len(name) > max_length:
        suffix = PurePath(name).suffix[:16]
        name = name[: max_length - len(suffix)] + suffix
    return name


# --- Refusing a too-large upload before reading it ----------------------------------------


def upload_body_limit(path: str) -> int:
    """Largest multipart body accepted on `path`: the console carries lesson videos; the
    student app and the API take documents and images only."""
    if path.startswith("/admin/"):
        return settings.LMS_MAX_CONSOLE_UPLOAD_BODY_BYTES
    return settings.LMS_MAX_UPLOAD_BODY_BYTES


class UploadBodyLimitHandler(FileUploadHandler):
    """First upload handler: refuses a multipart body whose declared length is over the
    limit before any of it is read (413 in the API's error shape, or the HTML 413 page).
    Each file's own limit is still checked by UploadValidator once it has arrived."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        path = self.request.path if self.request is not None else ""
        if content_length > upload_body_limit(path):
            raise RequestDataTooBig(
                f"Upload body of {content_length} bytes is over the limit for {path}."
            )
        return None

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None
