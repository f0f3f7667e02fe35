"""Full-text search over lesson passages: PostgreSQL's tsvector with ranking (`SearchRank`,
GIN index), SQLite's FTS5 (`bm25`) on the embedded default, and a plain word match on any
other database. Indexing a lesson replaces its passages; the lesson's text is cut into
passages of whole paragraphs.

Who may read which lesson is not decided here: callers pass the lesson ids allowed
(lms/mentor/retrieval.py, from the learning context's lock rules)."""

import html
import logging
import re
from collections.abc import Iterable
from functools import reduce

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils.html import strip_tags

from lms.catalog.models import Lesson
from lms.mentor.models import Passage

logger = logging.getLogger(__name__)
FTS_TABLE = "mentor_passage_fts"
FTS_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, text, lesson_id UNINDEXED, tokenize='porter unicode61')"
)
_WORD = re.compile(r"\w+", re.UNICODE)
# Words that match nearly every passage and only blur the ranking.
_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "me",
        "my",
        "of",
        "on",
        "or",
        "so",
        "that",
        "the",
        "this",
        "to",
        "was",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
    ]
)


def lesson_plain_text(body: str) -> str:
    text = re.sub(r"</(p|div|li|h[1-6]|pre|tr)>|<br\s*/?>", "\n", body, flags=re.IGNORECASE)
    return html.unescape(strip_tags(text))


def passages_split(text: str, *, size: int | None = None) -> list[str]:
    """Paragraphs joined up to `size` characters; a longer paragraph is cut at words."""
    size = size or settings.LMS_MENTOR_PASSAGE_CHARS
    chunks: list[str] = []
    current = ""
    for paragraph in (p.strip() for p in re.split(r"\n\s*\n|\n", text)):
        if not paragraph:
            continue
        while len(paragraph) > size:
            cut = paragraph.rfind(" ", 0, size)
            cut = cut if cut > size // 2 else size
            if current:
                chunks.append(current)
                current = ""
            chunks.append(paragraph[:cut].strip())
            paragraph = paragraph[cut:].strip()
        if current and len(current) + 1 + len(paragraph) > size:
            chunks.append(current)
            current = ""
        current = f"{current}\n{paragraph}" if current else paragraph
    if current:
        chunks.append(current)
    return chunks


def _fts_ready() -> bool:
    """SQLite only: make sure the FTS5 table exists (the migration creates it; a database
    made another way still works)."""
    if connection.vendor != "sqlite":
        return False
    try:
        with connection.cursor() as cursor:
            cursor.execute(FTS_CREATE)
    except DatabaseError:  # an SQLite built without FTS5: plain word matching instead
        logger.warning("SQLite has no FTS5; the mentor searches lessons without ranking")
        return False
    return True


@transaction.atomic
def lesson_index(*, lesson_id: int) -> int:
    """Replace the lesson's passages from its current text (none when it is gone); answers
    how many passages it has now."""
    old_ids = list(Passage.objects.filter(lesson_id=lesson_id).values_list("pk", flat=True))
    Passage.objects.filter(pk__in=old_ids).delete()
    fts = _fts_ready()
    if fts and old_ids:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE lesson_id = %s", [lesson_id])  # noqa: S608
    lesson = Lesson.objects.select_related("module").filter(pk=lesson_id).first()
    if lesson is None:
        return 0
    title = lesson.title_en or lesson.title
    passages = Passage.objects.bulk_create(
        Passage(
            lesson=lesson,
            course_id=lesson.module.course_id,
            position=position,
            title=title,
            text=chunk,
        )
        for position, chunk in enumerate(passages_split(lesson_plain_text(lesson.body)), start=1)
    )
    if connection.vendor == "postgresql":
        config = settings.LMS_MENTOR_SEARCH_CONFIG
        Passage.objects.filter(lesson_id=lesson_id).update(
            search_vector=SearchVector("title", weight="A", config=config)
            + SearchVector("text", weight="B", config=config)
        )
    elif fts and passages:
        with connection.cursor() as cursor:
            # A row left by a database flushed under it would hold the new rowid.
            marks = ", ".join(["%s"] * len(passages))
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})",  # noqa: S608
                [p.pk for p in passages],
            )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, text, lesson_id) VALUES (%s, %s, %s, %s)",  # noqa: S608
                [(p.pk, p.title, p.text, lesson_id) for p in passages],
            )
    return len(passages)


def query_words(question: str) -> list[str]:
    words = [w.lower() for w in _WORD.findall(question)]
    kept = [w for w in words if w not in _STOP_WORDS and len(w) > 1]
    return list(dict.fromkeys(kept or words))[:20]


def passages_search(*, question: str, lesson_ids: Iterable[int], limit: int) -> list[Passage]:
    """The best `limit` passages for `question` among `lesson_ids`, best first, with their
    lesson and course loaded."""
    lesson_ids = list(lesson_ids)
    words = query_words(question)
    if not lesson_ids or not words:
        return []
    if connection.vendor == "postgresql":
        hits = _search_postgresql(words, lesson_ids, limit)
    elif _fts_ready():
        hits = _search_sqlite(words, lesson_ids, limit)
    else:
        hits = _search_plain(words, lesson_ids, limit)
    found = Passage.objects.select_related("lesson__module__course").in_bulk(
        [pk for pk, _lesson in hits]
    )
    allowed = set(lesson_ids)
    # A passage must still exist, for the lesson it was indexed under, and be allowed.
    return [
        found[pk]
        for pk, lesson_id in hits
        if pk in found and found[pk].lesson_id == lesson_id and lesson_id in allowed
    ]


Hits = list[tuple[int, int]]  # (passage id, lesson id), best first


def _search_postgresql(words: list[str], lesson_ids: list[int], limit: int) -> Hits:
    config = settings.LMS_MENTOR_SEARCH_CONFIG
    # Any of the words (OR), ranked: a question in full sentences rarely has all its words
    # in one passage. Each word is a plain query, so nothing typed is parsed as syntax.
    query = reduce(lambda a, b: a | b, (SearchQuery(w, config=config) for w in words))
    return list(
        Passage.objects.filter(lesson_id__in=lesson_ids, search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "pk")
        .values_list("pk", "lesson_id")[:limit]
    )


def _search_sqlite(words: list[str], lesson_ids: list[int], limit: int) -> Hits:
    match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
    marks = ", ".join(["%s"] * len(lesson_ids))
    sql = (
        f"SELECT rowid, lesson_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
        f"AND lesson_id IN ({marks}) ORDER BY bm25({FTS_TABLE}, 5.0, 1.0), rowid LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, *lesson_ids, limit])
        return [(row[0], int(row[1])) for row in cursor.fetchall()]


def _search_plain(words: list[str], lesson_ids: list[int], limit: int) -> Hits:
    any_word = reduce(
        lambda a, b: a | b, (Q(text__icontains=w) | Q(title__icontains=w) for w in words)
    )
    return list(
        Passage.objects.filter(any_word, lesson_id__in=lesson_ids).values_list("pk", "lesson_id")[
            :limit
        ]
    )


def index_rebuild() -> int:
    """Index every lesson again (after an upgrade, or to repair); answers the passages made."""
    return sum(lesson_index(lesson_id=pk) for pk in Lesson.objects.values_list("pk", flat=True))
