"""User-written rich text is cleaned with nh3 before it is stored or shown.

Addresses in it are limited too, because the browser of whoever reads the text fetches its
images with that person's cookies (an `<img src="/admin/...">` in a course description used
to act as the admin who opened it):
- an image comes only from the media storage (MEDIA_URL, or the S3 bucket / its custom
  domain) or is a `data:image/...` URL; any other `src` is dropped;
- a link may point anywhere except this site's console, API and sign-in pages.
Addresses are compared the way a browser reads them: entities and percent-escapes decoded,
backslashes as slashes, tabs and newlines removed, dot segments resolved."""

import posixpath
import re
from urllib.parse import unquote, urlsplit

import nh3
from django.conf import settings
from django.http.request import validate_host

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "img",
    "figure",
    "figcaption",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "abbr": {"title"},
}


DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*$", re.IGNORECASE)
# This site's paths that rich text never points at.
PRIVATE_PATHS = ("/admin/", "/api/", "/accounts/")


def _as_browser_reads(value: str) -> tuple[str, str, str]:
    """(scheme, host, path) of an address as a browser resolves it. A path that is relative
    (no leading slash) is returned as it is."""
    cleaned = re.sub(r"[\t\n\r]", "", value).strip().replace("\\", "/")
    parts = urlsplit(cleaned)
    path = parts.path
    while unquote(path) != path:  # percent-escapes, however many times encoded
        path = unquote(path)
    path = path.replace("\\", "/")
    if path.startswith("/") or parts.netloc:
        trailing = "/" if path.endswith(("/", "/.", "/..")) else ""
        path = posixpath.normpath("/" + path.lstrip("/")).replace("//", "/") + trailing
        path = path.replace("//", "/")
    return parts.scheme.lower(), (parts.hostname or "").lower(), path


def _media_hosts() -> set[str]:
    hosts = {urlsplit(settings.MEDIA_URL).hostname or ""} - {""}
    bucket = getattr(settings, "AWS_STORAGE_BUCKET_NAME", "")
    if bucket:
        hosts |= {f"{bucket}.s3.amazonaws.com"}
        region = getattr(settings, "AWS_S3_REGION_NAME", None)
        if region:
            hosts.add(f"{bucket}.s3.{region}.amazonaws.com")
        for extra in (
            getattr(settings, "AWS_S3_CUSTOM_DOMAIN", None),
            urlsplit(getattr(settings, "AWS_S3_ENDPOINT_URL", None) or "").hostname,
        ):
            if extra:
                hosts.add(extra.lower())
    return {host.lower() for host in hosts}


def _is_media_image(value: str) -> bool:
    if DATA_IMAGE.match(value.strip()):
        return True
    scheme, host, path = _as_browser_reads(value)
    media_path = urlsplit(settings.MEDIA_URL).path or "/"
    if not host:  # a path on this site: only under MEDIA_URL
        return not scheme and path.startswith(media_path) and media_path != "/"
    if scheme not in ("http", "https", "") or host not in _media_hosts():
        return False
    return path.startswith(media_path) if urlsplit(settings.MEDIA_URL).hostname else True


def _is_private_page_of_this_site(value: str) -> bool:
    scheme, host, path = _as_browser_reads(value)
    if scheme and scheme not in ("http", "https"):
        return False
    if host and not validate_host(host, settings.ALLOWED_HOSTS):
        return False
    return (path + "/").startswith(PRIVATE_PATHS) if path.startswith("/") else False


def _is_refused_link(value: str) -> bool:
    if value.strip().lower().startswith("data:"):
        return True
    _scheme, host, path = _as_browser_reads(value)
    if not host and not path.startswith("/") and ".." in path.split("/"):
        return True  # climbs out of the page it is on: where it lands depends on that page
    return _is_private_page_of_this_site(value)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if _is_media_image(value) else None
    if tag == "a" and attribute == "href" and _is_refused_link(value):
        return None
    return value


def sanitize_html(value: str) -> str:
    """Keep formatting, drop scripts, event handlers, styles and unknown tags."""
    return nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "data"},
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer nofollow",
    )
