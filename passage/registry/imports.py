"""Bulk import of cases from a CSV or XLSX file, one row per member (registry/columns.py).

Two streaming passes keep memory flat whatever the file's size. The first reads and validates every
row with the API's own schemas (MemberIn, CaseIn) and the composition rules, keeps only a capped
error report, and spools the validated cases to a temporary JSON-lines file. The second, run only
when the whole file is valid and this is not a dry run, writes the spooled cases in batches inside
ONE transaction: all or nothing, and a killed process leaves the database as it was.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import logging
import os
import tempfile
import uuid
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import IntegrityError, OperationalError, reset_queries, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pydantic import ValidationError, model_validator

from passage.core import audit
from passage.core.errors import DomainError, PermissionDeniedError
from passage.core.models import Office, User
from passage.core.problems import field_error_message
from passage.core.scoping import can_act_in
from passage.registry.columns import CASE_FIELDS, EXPORT_ONLY_COLUMNS, IMPORT_FIELDS, MEMBER_FIELDS, REQUIRED_FIELDS
from passage.registry.models import Case, CaseEvent, CaseMember, ImportJob, Person, Project
from passage.registry.names import index_person_names
from passage.registry.schemas import CaseIn, MemberIn
from passage.registry.services import CASE_EDITORS, check_composition, take_case_numbers
from passage.registry.signals import REGISTERED, inputs_changed

logger = logging.getLogger(__name__)

KINDS = {".csv": "csv", ".xlsx": "xlsx"}
IGNORED_FIELDS = frozenset(c.name for c in EXPORT_ONLY_COLUMNS)
MAX_LINE_CHARS = 65_536  # a real row is a few hundred characters; a longer line is not a case file
CHECK_BATCH = 500  # cases whose references are looked up in the database together
WRITE_BATCH = 1000  # cases written per bulk insert
Progress = Callable[[int, int], None]  # (rows done, rows expected; 0 when unknown)


class ImportFileError(DomainError):
    """The file as a whole cannot be read: wrong type, too large, bad encoding, not a case file."""

    def __init__(self, message: str):
        super().__init__(message, field="file")


# --- Reading ----------------------------------------------------------------------------------

def file_kind(filename: str) -> str:
    kind = KINDS.get(Path(filename).suffix.lower())
    if kind is None:
        raise ImportFileError(_("Upload a .csv or .xlsx file; '%(name)s' is neither.") % {"name": Path(filename).name})
    return kind


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _bounded_lines(text: IO[str]) -> Iterator[str]:
    while line := text.readline(MAX_LINE_CHARS + 1):
        if len(line) > MAX_LINE_CHARS:
            raise ImportFileError(_("A line of the file is longer than %(n)d characters: this is not a case file.")
                                  % {"n": MAX_LINE_CHARS})
        yield line


def _read_csv(path: Path, on_bytes: Callable[[int, int], None] | None) -> Iterator[list[str]]:
    size = path.stat().st_size
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.reader(_bounded_lines(text))
        n = 0
        try:
            for n, cells in enumerate(reader, start=1):  # noqa: B007  (n is used after the loop)
                if on_bytes is not None and n % 1000 == 0:
                    on_bytes(raw.tell(), size)
                yield cells
        except UnicodeDecodeError:
            raise ImportFileError(_("The file is not UTF-8 text (near row %(row)d): save it as 'CSV UTF-8'.")
                                  % {"row": n + 1})
        except csv.Error as exc:
            raise ImportFileError(_("Row %(row)d cannot be read as CSV: %(detail)s.") % {"row": n + 1, "detail": exc})


class _DiskStrings:
    """A workbook's shared-strings table kept in a temporary SQLite file instead of a list, for big
    Excel-saved files (Excel stores every text cell there): memory stays flat, each lookup is an
    indexed read, and the most recent ones are cached (countries, programmes, common names repeat)."""

    def __init__(self, directory: Path) -> None:
        import sqlite3

        self._file = tempfile.NamedTemporaryFile(suffix=".sqlite3", dir=directory)  # noqa: SIM115 - closed in close()
        self._db = sqlite3.connect(self._file.name)
        self._db.execute("CREATE TABLE s (i INTEGER PRIMARY KEY, t TEXT)")
        self._count = 0
        self._cache: dict[int, str] = {}

    def extend(self, texts: list[str]) -> None:
        self._db.executemany("INSERT INTO s VALUES (?, ?)", enumerate(texts, start=self._count))
        self._count += len(texts)

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> str:
        text = self._cache.get(index)
        if text is None:
            row = self._db.execute("SELECT t FROM s WHERE i = ?", (index,)).fetchone()
            if row is None:
                raise IndexError(index)
            if len(self._cache) >= 50_000:
                self._cache.clear()
            text = self._cache[index] = row[0]
        return text

    def close(self) -> None:
        self._db.close()
        self._file.close()


def _open_workbook(path: Path):
    """openpyxl's read-only workbook; a big shared-strings table goes to disk (_DiskStrings)."""
    from openpyxl.cell.text import Text
    from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    class Reader(ExcelReader):
        disk_strings: _DiskStrings | None = None

        def read_strings(self) -> None:
            part = self.package.find(SHARED_STRINGS)
            if part is None:
                return
            name = part.PartName[1:]
            if self.archive.getinfo(name).file_size <= settings.PASSAGE_XLSX_STRINGS_IN_MEMORY_BYTES:
                return super().read_strings()
            self.disk_strings = self.shared_strings = _DiskStrings(Path(settings.PASSAGE_IMPORT_DIR))
            tag, batch = f"{{{SHEET_MAIN_NS}}}si", []
            with self.archive.open(name) as source:
                for _event, node in iterparse(source):
                    if node.tag == tag:
                        batch.append(Text.from_tree(node).content.replace("x005F_", ""))
                        node.clear()
                        if len(batch) >= 10_000:
                            self.disk_strings.extend(batch)
                            batch = []
            self.disk_strings.extend(batch)

    reader = Reader(path, read_only=True, data_only=True)
    reader.read()
    return reader.wb, reader.disk_strings


def _read_xlsx(path: Path, on_rows: Callable[[int], None] | None) -> Iterator[list[str]]:
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book, disk_strings = _open_workbook(path)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        raise ImportFileError(_("The file is not a readable XLSX workbook."))
    try:
        sheet = book["cases"] if "cases" in book.sheetnames else book.worksheets[0]
        if on_rows is not None:
            on_rows(sheet.max_row or 0)
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(v) for v in values]
    except (zipfile.BadZipFile, KeyError, IndexError, ValueError, TypeError) as exc:
        raise ImportFileError(_("The workbook cannot be read: %(detail)s.") % {"detail": exc})
    finally:
        book.close()
        if disk_strings is not None:
            disk_strings.close()


# --- The report -------------------------------------------------------------------------------

@dataclass
class ImportReport:
    """What a pass found. Only the first `max_errors` errors are kept; `error_count` counts all."""

    max_errors: int
    rows: int = 0
    cases: int = 0
    new_cases: int = 0
    unchanged_cases: int = 0
    new_persons: int = 0
    error_count: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    new_by_year: Counter = field(default_factory=Counter)

    def add(self, row: int | None, column: str | None, detail: str) -> None:
        self.error_count += 1
        if len(self.errors) < self.max_errors:
            self.errors.append({"row": row, "column": column, "detail": detail})

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def stored_errors(self) -> list[dict[str, Any]]:
        rest = self.error_count - len(self.errors)
        if rest > 0:
            return self.errors + [{"row": None, "column": None,
                                   "detail": ngettext("… and %(n)d more error not listed.", "… and %(n)d more errors not listed.",
                                                       rest) % {"n": rest}}]
        return list(self.errors)


# --- Pass 1: validate -------------------------------------------------------------------------

@dataclass
class _Group:
    ref: str
    rows: list[tuple[int, dict[str, str]]]


def _header(cells: list[str], report: ImportReport) -> list[str] | None:
    names = [c.strip().lower() for c in cells]
    known = set(IMPORT_FIELDS) | IGNORED_FIELDS
    for i, name in enumerate(names):
        if name and name not in known:
            report.add(1, name, _("Unknown column; see the template for the columns."))
        elif name and name in names[:i]:
            report.add(1, name, _("This column appears twice."))
    for name in REQUIRED_FIELDS:
        if name not in names:
            report.add(1, name, _("This required column is missing."))
    return names if report.ok else None


def _records(lines: Iterable[list[str]], report: ImportReport) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) for every non-blank data row; row 1 is the header."""
    header: list[str] | None = None
    wanted: list[tuple[int, str]] = []
    for number, cells in enumerate(lines, start=1):
        if header is None:
            header = _header(cells, report)
            if header is None:
                return
            wanted = [(i, name) for i, name in enumerate(header) if name and name not in IGNORED_FIELDS]
            continue
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue  # blank rows, and comment rows such as the template's column notes
        report.rows += 1
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            report.add(number, None, _("This row has more cells than the header has columns."))
            continue
        if len(cells) < len(header):
            cells = cells + [""] * (len(header) - len(cells))
        yield number, {name: cells[i].strip() for i, name in wanted}
    if header is None:
        report.add(1, None, _("The file is empty: the first row must name the columns."))


def _groups(records: Iterable[tuple[int, dict[str, str]]], report: ImportReport) -> Iterator[_Group]:
    """Consecutive rows with one case_ref are one case. The set of references seen is the only
    state that grows with the file (one short string per case)."""
    seen: set[str] = set()
    group: _Group | None = None
    for number, record in records:
        ref = record.get("case_ref", "")
        if not ref:
            report.add(number, "case_ref", _("Field required"))
            continue
        if group is not None and ref == group.ref:
            group.rows.append((number, record))
            continue
        if group is not None:
            yield group
        if ref in seen:
            report.add(number, "case_ref", _("The rows of case %(ref)s must follow each other; it appeared earlier in the file.")
                       % {"ref": ref})
            group = None
            continue
        seen.add(ref)
        group = _Group(ref, [(number, record)])
    if group is not None:
        yield group


class _MemberRow(MemberIn):
    """MemberIn itself, every field and validator, for a plain dict. ninja's Schema wraps its input
    to read ORM objects and, with extra="forbid", validates twice: over half the import's time."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: Any, info: Any) -> Any:
        return handler(values)


class _CaseRow(CaseIn):
    members: list[_MemberRow] = CaseIn.model_fields["members"]  # the same bounds, without validating twice

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: Any, info: Any) -> Any:
        return handler(values)


def _member_data(record: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {k: v for k in MEMBER_FIELDS if (v := record.get(k, ""))}
    if "languages" in data:
        data["languages"] = [code.strip() for code in data["languages"].split(";") if code.strip()]
    return data


def _column_of(loc: tuple) -> str:
    name = str(loc[0]) if loc else ""
    return "case_ref" if name == "unhcr_case_id" else name


class _Checker:
    """Validates one case (a group of rows) at a time against the schemas and the rules."""

    def __init__(self, *, office: Office, report: ImportReport, today: dt.date):
        self.office = office
        self.report = report
        self.today = today
        self.projects: dict[str, int | None] = {}

    def _project(self, code: str) -> int | None:
        if code not in self.projects:
            self.projects[code] = Project.objects.filter(code=code, is_active=True).values_list("pk", flat=True).first()
        return self.projects[code]

    def check(self, group: _Group) -> dict[str, Any] | None:
        """The case as a JSON-ready dict, or None after adding its errors to the report."""
        before = self.report.error_count
        first_row, first = group.rows[0]
        members: list[MemberIn] = []
        for number, record in group.rows:
            for name in CASE_FIELDS:
                if record.get(name, "") != first.get(name, ""):
                    self.report.add(number, name, _("Differs from the first row of this case (row %(row)d).")
                                    % {"row": first_row})
            try:
                members.append(_MemberRow.model_validate(_member_data(record)))
            except ValidationError as exc:
                for error in exc.errors():
                    self.report.add(number, _column_of(error["loc"]), field_error_message(error))
        case_data = {"office_id": self.office.pk, "unhcr_case_id": group.ref, "members": members,
                     **{k: first[k] for k in ("programme", "destination_country", "priority", "project_code",
                                              "registered_on") if first.get(k)}}
        member_errors = self.report.error_count > before
        try:
            case = _CaseRow.model_validate(case_data)
        except ValidationError as exc:
            for error in exc.errors():
                if error["loc"][0] != "members" or not member_errors:
                    self.report.add(first_row, _column_of(error["loc"]), field_error_message(error))
            return None
        if self.report.error_count > before:
            return None
        return self._rules(group, case)

    def _rules(self, group: _Group, case: CaseIn) -> dict[str, Any] | None:
        first_row = group.rows[0][0]
        registered_on = case.registered_on or self.today
        if registered_on > self.today:
            self.report.add(first_row, "registered_on", _("The registration date is in the future."))
        project_id = None
        if case.project_code:
            project_id = self._project(case.project_code)
            if project_id is None:
                self.report.add(first_row, "project_code", _("No active project with code %(code)s.")
                                % {"code": case.project_code})
        try:
            check_composition([(m.relationship, m.date_of_birth) for m in case.members])
        except DomainError as exc:
            _prefix, index, column = (exc.field or "members.0.relationship").split(".", 2)
            self.report.add(group.rows[int(index)][0], column, exc.message)
        seen: dict[Any, int] = {}
        for (number, _record), member in zip(group.rows, case.members, strict=True):
            keys = [("name", member.given_name.lower(), member.family_name.lower(), member.date_of_birth)]
            if member.unhcr_individual_id:
                keys.append(("id", member.unhcr_individual_id))
            for key in keys:
                if key in seen:
                    self.report.add(number, "unhcr_individual_id" if key[0] == "id" else "given_name",
                                    _("The same person appears twice in this case (row %(row)d).") % {"row": seen[key]})
                seen.setdefault(key, number)
        if not self.report.ok:
            return None
        return {
            "ref": group.ref, "row": first_row, "programme": case.programme.value,
            "destination_country": case.destination_country, "priority": case.priority.value,
            "project_id": project_id, "registered_on": registered_on.isoformat(),
            "members": [m.model_dump(mode="json") for m in case.members],
        }


def _existing(refs: list[str]) -> dict[str, int]:
    return dict(Case.objects.filter(unhcr_case_id__in=refs).values_list("unhcr_case_id", "office_id"))


def check_file(*, path: Path, kind: str, office: Office, actor: User, spool: IO[str] | None,
               on_progress: Progress | None = None, max_errors: int | None = None) -> ImportReport:
    """Pass 1: read and validate the whole file; spool the new valid cases while no error is found."""
    report = ImportReport(max_errors=max_errors or settings.PASSAGE_IMPORT_MAX_REPORTED_ERRORS)
    checker = _Checker(office=office, report=report, today=timezone.localdate())
    expected = {"rows": 0}

    def on_bytes(done: int, size: int) -> None:
        if on_progress is not None and done:
            expected["rows"] = int(report.rows * size / done)
            on_progress(report.rows, expected["rows"])

    def on_rows(n: int) -> None:
        expected["rows"] = max(n - 1, 0)

    lines = _read_csv(path, on_bytes) if kind == "csv" else _read_xlsx(path, on_rows)
    pending: list[dict[str, Any]] = []

    def settle() -> None:
        reset_queries()
        existing = _existing([c["ref"] for c in pending])
        for case in pending:
            office_id = existing.get(case["ref"])
            if office_id is None:
                report.new_cases += 1
                report.new_persons += len(case["members"])
                report.new_by_year[case["registered_on"][:4]] += 1
                if spool is not None and report.ok:
                    spool.write(json.dumps(case, ensure_ascii=False) + "\n")
            elif can_act_in(actor, office_id, CASE_EDITORS):
                report.unchanged_cases += 1
            else:
                report.add(case["row"], "case_ref", _("A case with this UNHCR case id exists in an office where you "
                                                      "cannot register cases."))
        pending.clear()

    for group in _groups(_records(lines, report), report):
        report.cases += 1
        case = checker.check(group)
        if case is not None:
            pending.append(case)
        if len(pending) >= CHECK_BATCH:
            settle()
        if on_progress is not None and kind == "xlsx" and report.cases % 250 == 0:
            on_progress(report.rows, expected["rows"])
    settle()
    if report.rows == 0 and report.ok:
        report.add(2, None, _("The file has a header but no rows."))
    return report


# --- Pass 2: write ----------------------------------------------------------------------------

def _spooled(spool: IO[str]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for line in spool:
        batch.append(json.loads(line))
        if len(batch) >= WRITE_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_batch(batch: list[dict[str, Any]], *, office: Office, actor: User, job_id: int, now: dt.datetime) -> int:
    existing = _existing([c["ref"] for c in batch])
    new = [c for c in batch if c["ref"] not in existing]
    numbers: dict[int, list[str]] = {}
    for year, count in Counter(int(c["registered_on"][:4]) for c in new).items():
        numbers[year] = take_case_numbers(office, year, count)
    cases = []
    for c in new:
        registered_on = dt.date.fromisoformat(c["registered_on"])
        cases.append(Case(number=numbers[registered_on.year].pop(0), office=office, programme=c["programme"],
                          destination_country=c["destination_country"], priority=c["priority"],
                          project_id=c["project_id"], unhcr_case_id=c["ref"], registered_on=registered_on))
    Case.objects.bulk_create(cases)
    persons, links = [], []
    for case, c in zip(cases, new, strict=True):
        for m in c["members"]:
            relationship = m.pop("relationship")
            m["date_of_birth"] = dt.date.fromisoformat(m["date_of_birth"])
            persons.append(Person(office=office, **m))
            links.append((case, relationship))
    Person.objects.bulk_create(persons)
    index_person_names(persons, replace=False)  # search and duplicate detection find them, as after register_case
    CaseMember.objects.bulk_create([
        CaseMember(case=case, person=person, relationship=relationship, joined_on=case.registered_on,
                   join_reason="import")
        for person, (case, relationship) in zip(persons, links, strict=True)
    ])
    CaseEvent.objects.bulk_create([
        CaseEvent(case=case, at=now, actor=actor, office=office, kind=CaseEvent.Kind.REGISTERED,
                  to_status=case.status, details={"import_job": job_id}) for case in cases
    ])
    inputs_changed((case.pk for case in cases), inputs=[REGISTERED], actor=actor)
    return len(cases)


def write_cases(*, spool: IO[str], job: ImportJob, actor: User, report: ImportReport,
                on_batch: Callable[[int], None] | None = None) -> ImportJob:
    """Pass 2: every spooled case in ONE transaction, with one audit event for the import; the job
    is marked done in the same transaction, so a killed import never looks finished."""
    office = job.office
    now = timezone.now()
    created = 0
    with transaction.atomic():
        for batch in _spooled(spool):
            reset_queries()  # with DEBUG on, Django keeps every query's SQL: big for bulk inserts
            created += _write_batch(batch, office=office, actor=actor, job_id=job.pk, now=now)
            if on_batch is not None:
                on_batch(created)
        job.status = ImportJob.Status.SUCCEEDED
        job.created_cases = created
        job.unchanged_cases = report.cases - created
        job.processed_rows = job.total_rows = report.rows
        job.errors = []
        job.finished_at = timezone.now()
        job.save()
        audit.record(actor=actor, action="case.import", obj=job, office=office,
                     after={"file": job.filename, "rows": report.rows, "cases": report.cases,
                            "created_cases": created, "unchanged_cases": report.cases - created,
                            "persons": report.new_persons})
    return job


# --- Running a job ----------------------------------------------------------------------------

def _save_progress(job: ImportJob, done: int, expected: int) -> None:
    # Another writer may hold SQLite's lock for a while: progress is nice to have, never fatal.
    # Each progress report is also the worker's heartbeat (see fail_stalled_jobs).
    with contextlib.suppress(OperationalError):
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=max(expected, done),
                                                   heartbeat_at=timezone.now())


def fail_stalled_jobs(*, job_ids: Iterable[int] | None = None, now: dt.datetime | None = None) -> list[int]:
    """Mark failed the running jobs whose worker has given no sign of life for
    PASSAGE_IMPORT_STALE_MINUTES (killed, out of memory, machine restarted). The database is as it
    was: the write pass is one transaction, and a killed transaction rolls back. Returns their ids.

    A worker that is only slow and later commits still marks its job succeeded (write_cases saves
    the job in its transaction), so a late sweep never hides cases that were written."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(minutes=settings.PASSAGE_IMPORT_STALE_MINUTES)
    stalled = ImportJob.objects.filter(status=ImportJob.Status.RUNNING, heartbeat_at__lt=cutoff)
    if job_ids is not None:
        stalled = stalled.filter(pk__in=list(job_ids))
    failed = []
    for job in stalled.select_related("office"):
        with translation.override(job.language):
            detail = _("The import stopped: its worker gave no sign of life after %(time)s UTC (it was stopped or "
                       "crashed). Nothing was written; import the file again.") % {"time": f"{job.heartbeat_at:%Y-%m-%d %H:%M}"}
        try:
            with transaction.atomic():
                changed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING,
                                                   heartbeat_at__lt=cutoff).update(
                    status=ImportJob.Status.FAILED, finished_at=now,
                    errors=[{"row": None, "column": None, "detail": detail}])
                if changed:
                    audit.record(actor=None, action="case.import_stalled", obj=job, office=job.office,
                                 before={"status": "running", "heartbeat_at": job.heartbeat_at.isoformat()},
                                 after={"status": "failed"})
        except OperationalError:  # SQLite: a live write pass holds the lock, so that job is not dead
            continue
        if changed:
            failed.append(job.pk)
            if job.stored_path:
                with contextlib.suppress(FileNotFoundError):
                    Path(job.stored_path).unlink()
    return failed


def _finish(job: ImportJob, status: str, report: ImportReport | None, errors: list[dict] | None = None) -> ImportJob:
    job.status = status
    job.finished_at = timezone.now()
    if report is not None:
        job.processed_rows = job.total_rows = report.rows
        job.created_cases = report.new_cases if status == ImportJob.Status.CHECKED else 0
        job.unchanged_cases = report.unchanged_cases
    job.errors = errors if errors is not None else (report.stored_errors() if report else [])
    job.save()
    return job


def run_import(job_id: int, *, on_stage: Callable[[str, int], None] | None = None) -> ImportJob:
    """Check, then (unless a dry run or the file has errors) write the job's file, in the language of
    its upload: the report holds rendered messages. The stored upload is removed at the end, whatever
    happens."""
    job = ImportJob.objects.select_related("office", "uploaded_by").get(pk=job_id)
    with translation.override(job.language):
        return _run_import(job, on_stage)


def _run_import(job: ImportJob, on_stage: Callable[[str, int], None] | None) -> ImportJob:
    if job.status not in (ImportJob.Status.PENDING, ImportJob.Status.RUNNING):
        return job
    path = Path(job.stored_path)
    job.status = ImportJob.Status.RUNNING
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["status", "heartbeat_at"])
    stage = on_stage or (lambda _name, _n: None)
    try:
        with tempfile.TemporaryFile("w+", encoding="utf-8", dir=settings.PASSAGE_IMPORT_DIR) as spool:
            report = check_file(path=path, kind=file_kind(job.filename), office=job.office, actor=job.uploaded_by,
                                spool=None if job.dry_run else spool,
                                on_progress=lambda done, expected: _save_progress(job, done, expected))
            stage("checked", report.rows)
            if job.dry_run:
                return _finish(job, ImportJob.Status.CHECKED, report)
            if not report.ok:
                return _finish(job, ImportJob.Status.FAILED, report)
            _save_progress(job, report.rows, report.rows)
            spool.seek(0)
            stage("writing", report.new_cases)
            return write_cases(spool=spool, job=job, actor=job.uploaded_by, report=report,
                               on_batch=lambda n: stage("wrote", n))
    except ImportFileError as exc:
        return _finish(job, ImportJob.Status.FAILED, None, [{"row": None, "column": "file", "detail": exc.message}])
    except IntegrityError:
        logger.exception("Import job %s conflicted with a concurrent write", job.pk)
        return _finish(job, ImportJob.Status.FAILED, None, [{"row": None, "column": "case_ref", "detail": _(
            "Another registration wrote one of these cases while the file was imported; nothing was written. "
            "Import the file again.")}])
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        _finish(job, ImportJob.Status.FAILED, None, [{"row": None, "column": None, "detail": _(
            "The import stopped on an unexpected error; nothing was written. The error has been logged.")}])
        raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


# --- Starting a job ---------------------------------------------------------------------------

def start_import(*, actor: User, office_id: int, filename: str, chunks: Iterable[bytes], size: int,
                 dry_run: bool, dispatch: bool = True) -> ImportJob:
    """Store the upload and create its job. Small files are imported at once (the answer carries
    the report); larger ones go to the task worker, and the job shows their progress. With
    `dispatch=False` the caller runs the job itself (the import_cases command)."""
    office = Office.objects.filter(pk=office_id, is_active=True).first()
    if office is None:
        raise DomainError(_("No such office."), field="office_id")
    if not can_act_in(actor, office.pk, CASE_EDITORS):
        raise PermissionDeniedError(_("Your role does not allow you to import cases in this office."))
    kind = file_kind(filename)
    limit = settings.PASSAGE_IMPORT_MAX_BYTES
    if size > limit:
        raise ImportFileError(_("The file is larger than %(mb)d MB; split it into smaller files.")
                              % {"mb": limit // 1_000_000})
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    directory = Path(settings.PASSAGE_IMPORT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    stored = directory / f"{uuid.uuid4().hex}.{kind}"
    with stored.open("wb") as out:
        for chunk in chunks:
            out.write(chunk)
    with stored.open("rb") as head:
        start = head.read(4096)
    if (kind == "xlsx" and not start.startswith(b"PK\x03\x04")) or (kind == "csv" and b"\x00" in start):
        os.unlink(stored)
        raise ImportFileError(_("The file's content does not match its .%(kind)s extension.") % {"kind": kind})
    job = ImportJob.objects.create(office=office, uploaded_by=actor, filename=Path(filename).name[:255],
                                   stored_path=str(stored), dry_run=dry_run,
                                   language=translation.get_language() or settings.LANGUAGE_CODE)
    if not dispatch:
        return job
    if size <= settings.PASSAGE_IMPORT_INLINE_BYTES:
        return run_import(job.pk)
    from passage.registry.tasks import run_import_job

    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job
