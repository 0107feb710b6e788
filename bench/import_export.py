"""Benchmark of the bulk import and export of cases; prints JSON.

For each size it writes a synthetic CSV (4 members a case), imports it with `manage.py import_cases`
into a fresh database, then exports every case as CSV (and XLSX with --xlsx). Each step runs in a
process of its own, so its peak RSS (getrusage ru_maxrss) is that step's alone: flat memory means
about the same peak for 100,000 and 1,000,000 rows.

    .venv/bin/python bench/import_export.py                      # 100,000 rows on SQLite
    .venv/bin/python bench/import_export.py --rows 100000 1000000 --xlsx --verify
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/passage_bench \\
        .venv/bin/python bench/import_export.py --database postgres   # a scratch database: it is filled
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess  # nosec B404: runs this project's own scripts
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETUP = """
from passage.core.models import Membership, Office, Role, User
office, _ = Office.objects.get_or_create(
    code="BENCH-OFF", defaults={"name": "Bench", "kind": Office.Kind.COUNTRY, "country": "KEN"})
hq, _ = Office.objects.get_or_create(
    code="BENCH-HQ", defaults={"name": "Bench HQ", "kind": Office.Kind.HEADQUARTERS, "country": "CHE"})
user, _ = User.objects.get_or_create(username="bench_cw")
Membership.objects.get_or_create(user=user, office=office, role=Role.CASEWORKER)
Membership.objects.get_or_create(user=user, office=hq, role=Role.SYSTEM_ADMIN)
"""


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passage.settings")
    import django

    django.setup()


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def step_generate(rows: int, path: Path) -> dict:
    _django()
    from passage.demo.casefile import case_rows, write_csv

    start = time.perf_counter()
    written = write_csv(path, case_rows(rows // 4, prefix=f"B{rows}"))
    return {"rows": written, "bytes": path.stat().st_size, "seconds": round(time.perf_counter() - start, 1)}


def step_import(path: Path) -> dict:
    _django()
    from passage.core.models import Office, User
    from passage.registry.imports import run_import, start_import

    user = User.objects.get(username="bench_cw")
    office = Office.objects.get(code="BENCH-OFF")

    def chunks():
        with path.open("rb") as f:
            while block := f.read(1 << 20):
                yield block

    start = time.perf_counter()
    job = start_import(actor=user, office_id=office.pk, filename=path.name, chunks=chunks(), size=path.stat().st_size,
                       dry_run=False, dispatch=False)
    job = run_import(job.pk)
    seconds = time.perf_counter() - start
    return {"status": job.status, "rows": job.total_rows, "cases": job.created_cases, "seconds": round(seconds, 1),
            "rows_per_second": round(job.total_rows / seconds), "peak_rss_mb": _peak_mb(), "errors": job.errors[:3]}


def step_export(kind: str) -> dict:
    _django()
    from passage.core.models import User
    from passage.registry import exports, selectors

    rows = exports.member_rows(selectors.cases_for(user=User.objects.get(username="bench_cw")))
    start = time.perf_counter()
    first_byte = None
    size = 0
    if kind == "csv":
        for chunk in exports.csv_chunks(rows):
            first_byte = first_byte or time.perf_counter() - start
            size += len(chunk.encode())
    else:
        written: list[int] = []
        for chunk in exports.xlsx_chunks(rows, written=written):
            first_byte = first_byte or time.perf_counter() - start
            size += len(chunk)
    seconds = time.perf_counter() - start
    return {"kind": kind, "bytes": size, "seconds": round(seconds, 1), "first_byte_seconds": round(first_byte or 0, 2),
            "peak_rss_mb": _peak_mb()}


def step_verify(directory: Path) -> dict:
    """Write both exports to files, open the XLSX with openpyxl and compare it row by row with the CSV."""
    _django()
    import csv

    import openpyxl

    from passage.core.models import User
    from passage.registry import exports, selectors

    rows = exports.member_rows(selectors.cases_for(user=User.objects.get(username="bench_cw")))
    csv_path, xlsx_path = directory / "export.csv", directory / "export.xlsx"
    with csv_path.open("w", encoding="utf-8", newline="") as out:
        for chunk in exports.csv_chunks(rows):
            out.write(chunk)
    with xlsx_path.open("wb") as out:
        exports.write_xlsx(rows, out)
    start = time.perf_counter()
    book = openpyxl.load_workbook(xlsx_path, read_only=True)
    compared = mismatches = 0
    with csv_path.open(encoding="utf-8-sig", newline="") as text:
        reader = csv.reader(text)
        sheet_rows = (r for name in book.sheetnames if name.startswith("cases") for r in book[name].iter_rows(values_only=True))
        for expected, got in zip(reader, sheet_rows, strict=True):
            got = [v or "" for v in got] + [""] * (len(expected) - len(got))
            compared += 1
            mismatches += got[: len(expected)] != expected
    return {"sheets": book.sheetnames, "rows_compared": compared, "mismatches": mismatches,
            "openpyxl_read_seconds": round(time.perf_counter() - start, 1)}


def _child(env: dict, *args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], env=env, cwd=ROOT, check=True,  # nosec B603
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], env=env, cwd=ROOT, check=True,  # nosec B603
                   capture_output=True, text=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000], help="File sizes in rows (members).")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--xlsx", action="store_true", help="Also export as XLSX (streamed).")
    parser.add_argument("--verify", action="store_true",
                        help="Also open the XLSX export with openpyxl and compare it with the CSV, row by row.")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--kind", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "generate":
        print(json.dumps(step_generate(args.rows[0], args.path)))
        return
    if args.step == "import":
        print(json.dumps(step_import(args.path)))
        return
    if args.step == "export":
        print(json.dumps(step_export(args.kind)))
        return
    if args.step == "verify":
        print(json.dumps(step_verify(args.path)))
        return

    results = {"machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
               "database": args.database, "date": time.strftime("%Y-%m-%d"), "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        if args.database == "sqlite":
            env.pop("DATABASE_URL", None)
        elif "DATABASE_URL" not in env:
            parser.error("--database postgres needs DATABASE_URL naming a scratch database")
        for rows in args.rows:
            run_dir = Path(tmp) / str(rows)
            run_dir.mkdir()
            env["PASSAGE_IMPORT_DIR"] = str(run_dir / "imports")
            if args.database == "sqlite":
                env["PASSAGE_DATA_DIR"] = str(run_dir)  # a fresh database for each size
            _manage(env, "migrate", "-v", "0")
            _manage(env, "shell", "-c", SETUP)
            path = run_dir / "cases.csv"
            run = {"rows": rows, "generate": _child(env, "--step", "generate", "--rows", str(rows), "--path", str(path))}
            run["import"] = _child(env, "--step", "import", "--path", str(path))
            run["export_csv"] = _child(env, "--step", "export", "--kind", "csv")
            if args.xlsx:
                run["export_xlsx"] = _child(env, "--step", "export", "--kind", "xlsx")
            if args.verify:
                run["verify_xlsx"] = _child(env, "--step", "verify", "--path", str(run_dir))
            results["runs"].append(run)
            print(json.dumps(run), file=sys.stderr)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
