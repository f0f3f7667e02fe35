"""A student's meetings as an iCalendar feed (RFC 5545), written by hand: UTC times,
escaped text, lines folded at 75 octets, CRLF endings."""

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone

from lms.meetings.models import Meeting

PRODUCT = "-//LMS//Meetings//EN"


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Splits a content line into 75-octet pieces (never inside a UTF-8 character), each
    continuation starting with a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    pieces, current, limit = [], b"", 75
    for char in line:
        raw = char.encode()
        if len(current) + len(raw) > limit:
            pieces.append(current.decode())
            current, limit = b"", 74  # the leading space takes one octet
        current += raw
    pieces.append(current.decode())
    return "\r\n ".join(pieces)


def calendar(meetings: Iterable[Meeting], *, domain: str, at: datetime | None = None) -> str:
    stamp = _utc(at or timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for meeting in meetings:
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@{domain}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(meeting.starts_at)}",
            f"DTEND:{_utc(meeting.ends_at)}",
            f"SUMMARY:{_text(meeting.title)}",
            f"DESCRIPTION:{_text(meeting.agenda)}",
            f"URL:{meeting.join_url}",
            f"STATUS:{'CANCELLED' if meeting.cancelled_at else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
