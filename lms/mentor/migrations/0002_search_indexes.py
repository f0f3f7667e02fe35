"""The full-text index of lesson passages, for the database in use: a GIN index on the
tsvector (PostgreSQL), an FTS5 virtual table (SQLite). Other databases search without one."""

from django.db import DatabaseError, migrations

FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS mentor_passage_fts USING fts5("
    "title, text, lesson_id UNINDEXED, tokenize='porter unicode61')"
)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS mentor_passage_search "
            "ON mentor_passage USING gin (search_vector)"
        )
    elif vendor == "sqlite":
        try:
            schema_editor.execute(FTS)
        except DatabaseError:
            pass  # an SQLite without FTS5: lms/mentor/search.py falls back to word matching


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS mentor_passage_search")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS mentor_passage_fts")


class Migration(migrations.Migration):
    dependencies = [("mentor", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
