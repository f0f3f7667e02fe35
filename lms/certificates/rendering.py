"""The certificate's PDF: the admin's HTML template with its placeholders filled (values
HTML-escaped), a QR code of the verification link drawn here (segno, an inline SVG data
URI: nothing is fetched), rendered by WeasyPrint. WeasyPrint may load nothing from the
network or the disk: only data: URIs (the QR code) and the system's fonts (fontconfig
finds Noto Sans Devanagari, installed by the set-up, for Hindi names)."""

import re

import segno
from django.conf import settings
from django.utils.html import escape
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

DEFAULT_TEMPLATE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><style>
@page { size: A4 landscape; margin: 18mm; }
body { font-family: "Noto Sans", "Noto Sans Devanagari", sans-serif; color: #1f2937;
       text-align: center; }
.frame { border: 3px solid #4338ca; padding: 14mm 10mm; height: 150mm; position: relative; }
h1 { font-size: 30pt; margin: 0 0 6mm; color: #4338ca; letter-spacing: 1pt; }
.name { font-size: 28pt; font-weight: bold; margin: 8mm 0;
        font-family: "Noto Sans Devanagari", "Noto Sans", sans-serif; }
.course { font-size: 18pt; margin: 4mm 0 10mm; }
.meta { position: absolute; bottom: 10mm; left: 10mm; text-align: left; font-size: 10pt; }
.qr { position: absolute; bottom: 8mm; right: 10mm; width: 32mm; height: 32mm; }
</style></head><body><div class="frame">
<h1>Certificate of Completion</h1>
<p>{{ site_name }} certifies that</p>
<p class="name">{{ name }}</p>
<p>has completed the course</p>
<p class="course">{{ course }}</p>
<div class="meta">Date: {{ date }}<br>Serial: {{ serial }}<br>Verify at {{ verify_url }}</div>
<div class="qr">{{ qr_code }}</div>
</div></body></html>
"""

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


def qr_code_img(url: str) -> str:
    """An <img> of the QR code for `url` (SVG as a data URI, made locally)."""
    data_uri = segno.make(url, error="m").svg_data_uri(scale=4, border=2)
    return f'<img src="{data_uri}" alt="{escape(_("QR code"))}" style="width:100%;height:100%">'


def fill(template_html: str, values: dict[str, str], *, qr_code: str) -> str:
    """The template with each known placeholder replaced (escaped text; the QR code as
    markup); unknown placeholders stay as they are, so a typo shows on the preview."""

    def replace(match: re.Match) -> str:
        key = match.group(1)
        if key == "qr_code":
            return qr_code
        if key in values:
            return escape(values[key])
        return match.group(0)

    return PLACEHOLDER.sub(replace, template_html)


def certificate_pdf(
    *,
    template_html: str,
    name: str,
    course: str,
    date: str,
    serial: str,
    verify_url: str,
) -> bytes:
    values = {
        "name": name,
        "course": course,
        "date": date,
        "serial": serial,
        "verify_url": verify_url,
        "site_name": settings.LMS_SITE_NAME,
    }
    html = fill(template_html, values, qr_code=qr_code_img(verify_url))
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
