"""The database cache's table unlogged on PostgreSQL.

Everything in it can be computed again (figures under their town's token, charts, alerts), so
it needs no crash safety: an unlogged table is emptied after a crash instead of replayed, and a
transaction that writes only to it does not wait for the write-ahead log to reach the disk.
At district scale a cache write took 3–4 ms, nearly all of it that wait, and the dashboard after
a cache clear writes four (BENCHMARKS.md, issue 22); unlogged it takes about 0.6 ms.
"""

from django.conf import settings
from django.db import migrations

DATABASE_CACHE = "django.core.cache.backends.db.DatabaseCache"


def _cache_tables(connection) -> list[str]:
    existing = set(connection.introspection.table_names())
    return [
        cache["LOCATION"]
        for cache in settings.CACHES.values()
        if cache.get("BACKEND") == DATABASE_CACHE and cache.get("LOCATION") in existing
    ]


def _set(schema_editor, persistence: str) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    for table in _cache_tables(connection):
        schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(table)} SET {persistence}")


def unlogged(apps, schema_editor):
    _set(schema_editor, "UNLOGGED")


def logged(apps, schema_editor):
    _set(schema_editor, "LOGGED")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_figure_version")]
    operations = [migrations.RunPython(unlogged, logged)]
