"""Serving private files (course content, resumes) after a view has checked who may read
them: on S3 a redirect to a short-lived signed URL; on local storage the bytes, with HTTP
Range support so video seeking works, streamed chunk by chunk under WSGI and ASGI alike."""

import asyncio
import mimetypes
import re
from pathlib import PurePosixPath

from django.core.files.storage import Storage
from django.core.handlers.asgi import ASGIRequest
from django.db.models.fields.files import FieldFile
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from lms.core.csp import CSP_HEADER

# Types the `mimetypes` table may not know, or knows without a charset.
CONTENT_TYPES = {
    ".vtt": "text/vtt; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".mov": "video/quicktime",
    ".webm": "video/webm",
    ".pdf": "application/pdf",
}
# A private file is never HTML, so it needs no powers: it may only be framed by our pages.
FILE_CSP = "default-src 'none'; frame-ancestors 'self'"
# Browsers' PDF viewers load their own resources into the PDF's document.
PDF_CSP = "frame-ancestors 'self'"
CHUNK_BYTES = 64 * 1024
# HTTP digits are ASCII only (`\d` would also take other scripts' digits).
RANGE_PATTERN = re.compile(r"^([0-9]*)-([0-9]*)$")
# Positions with more digits than this are beyond any file; reading them as this number
# keeps int() away from Python's limit on huge digit strings (a ValueError, so a 500).
MAX_POSITION_DIGITS = 18
BEYOND_ANY_FILE = 10**MAX_POSITION_DIGITS


class RangeNotSatisfiable(Exception):
    pass


def _position(digits: str) -> int:
    digits = digits.lstrip("0") or "0"
    return BEYOND_ANY_FILE if len(digits) > MAX_POSITION_DIGITS else int(digits)


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The (first, last) byte positions, inclusive, of an HTTP `Range: bytes=...` header;
    None to send the whole file (no header, another unit, or several ranges, which a server
    may answer in full). A malformed or unsatisfiable range raises RangeNotSatisfiable."""
    if not header or not header.strip().lower().startswith("bytes="):
        return None
    spec = header.strip()[len("bytes=") :].strip()
    if "," in spec:
        return None
    match = RANGE_PATTERN.fullmatch(spec)
    if not match or match.groups() == ("", "") or size == 0:
        raise RangeNotSatisfiable
    first, last = match.groups()
    if first == "":  # the last N bytes
        suffix = _position(last)
        if suffix == 0:
            raise RangeNotSatisfiable
        return max(0, size - suffix), size - 1
    start = _position(first)
    end = _position(last) if last else size - 1
    if start >= size or end < start:
        raise RangeNotSatisfiable
    return start, min(end, size - 1)


def _is_s3(storage: Storage) -> bool:
    try:
        from storages.backends.s3 import S3Storage
    except ImportError:  # pragma: no cover - django-storages is a dependency
        return False
    return isinstance(storage, S3Storage)


def _signed_s3_url(storage, name: str, parameters: dict) -> str:
    """A short-lived signed URL of a private object, always. `storage.url()` signs only
    without a custom domain (or with a CloudFront signer) and with querystring auth on;
    otherwise it answers a plain, unsigned address, which must never be handed out."""
    if storage.querystring_auth and (not storage.custom_domain or storage.cloudfront_signer):
        return storage.url(name, parameters=parameters)
    from storages.utils import clean_name

    return storage.connection.meta.client.generate_presigned_url(
        "get_object",
        Params={
            **parameters,
            "Bucket": storage.bucket.name,
            "Key": storage._normalize_name(clean_name(name)),
        },
        ExpiresIn=storage.querystring_expire,
    )


def _file_chunks(handle, start: int, length: int):
    try:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            chunk = handle.read(min(CHUNK_BYTES, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()


async def _file_chunks_async(handle, start: int, length: int):
    """The same chunks for daphne (ASGI). Django would read a synchronous iterator whole
    into memory before sending it under ASGI (a 2 GB video for one `Range: bytes=0-`), so
    each chunk is read in a worker thread and sent as soon as it is read."""
    chunks = _file_chunks(handle, start, length)
    sentinel = object()
    try:
        while (chunk := await asyncio.to_thread(next, chunks, sentinel)) is not sentinel:
            yield chunk
    finally:
        await asyncio.to_thread(chunks.close)


def _streamed_file(request: HttpRequest, handle, start: int, length: int):
    if isinstance(request, ASGIRequest):
        return _file_chunks_async(handle, start, length)
    return _file_chunks(handle, start, length)


def file_response(
    request: HttpRequest,
    field_file: FieldFile,
    *,
    as_attachment: bool,
    download_name: str = "",
) -> HttpResponse:
    """Serve a private file after the permission check: on S3 a redirect to a short-lived
    signed URL; on local storage the bytes, with HTTP Range support so video seeking works."""
    name = field_file.name
    filename = PurePosixPath(name).name
    suffix = PurePosixPath(name).suffix.lower()
    content_type = (
        CONTENT_TYPES.get(suffix) or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    )
    # Stored names are generated; the name the uploader gave is offered for saving.
    disposition = content_disposition_header(as_attachment, download_name or filename)
    storage = field_file.storage

    if _is_s3(storage):
        url = _signed_s3_url(
            storage,
            name,
            {"ResponseContentDisposition": disposition, "ResponseContentType": content_type},
        )
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "private, no-store"
        return response

    try:
        size = storage.size(name)
    except (FileNotFoundError, OSError) as error:
        raise Http404(_("This file is missing.")) from error
    try:
        byte_range = parse_range(request.headers.get("Range"), size)
    except RangeNotSatisfiable:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        response["Cache-Control"] = "private"
        return response

    start, end = byte_range if byte_range else (0, size - 1)
    length = max(0, end - start + 1)
    if request.method == "HEAD":
        response = HttpResponse(status=206 if byte_range else 200)
    else:
        handle = storage.open(name, "rb")
        response = StreamingHttpResponse(
            _streamed_file(request, handle, start, length), status=206 if byte_range else 200
        )
    response["Content-Type"] = content_type
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private"
    response[CSP_HEADER] = PDF_CSP if suffix == ".pdf" else FILE_CSP
    if byte_range:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return response
