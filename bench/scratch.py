"""A throw-away database for a benchmark: a temporary SQLite file, or a new PostgreSQL database on
127.0.0.1 that is dropped afterwards. Django is set up and migrated inside the context."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@contextmanager
def scratch_database(kind: str) -> Iterator[None]:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    tmp = tempfile.TemporaryDirectory(prefix="passage-bench-")
    name = f"passage_bench_{os.getpid()}"
    os.environ["PASSAGE_DATA_DIR"] = tmp.name
    if kind == "postgres":
        import psycopg

        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passage.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    try:
        call_command("migrate", verbosity=0)
        yield
    finally:
        connection.close()
        if kind == "postgres":
            import psycopg

            with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        tmp.cleanup()
