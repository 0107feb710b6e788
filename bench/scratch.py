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
def scratch_database(kind: str, keep: str | None = None) -> Iterator[None]:
    """`keep`: a name for a database that outlives the run (PostgreSQL `passage_bench_<keep>`, or
    a SQLite file under var/bench-<keep>/), created on first use and reused afterwards, so a
    benchmark can be timed again after a code change without seeding again."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if keep is not None and not keep.replace("_", "").isalnum():
        raise ValueError("--keep takes letters, digits and underscores")
    tmp = tempfile.TemporaryDirectory(prefix="passage-bench-")
    name = f"passage_bench_{keep or os.getpid()}"
    os.environ["PASSAGE_DATA_DIR"] = str(ROOT / "var" / f"bench-{keep}") if keep else tmp.name
    if kind == "postgres":
        import psycopg

        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
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
        if kind == "postgres" and keep is None:
            import psycopg

            with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        tmp.cleanup()
