"""Export of the case list as CSV or XLSX, one row per current member, in the import's columns (so
an export re-imports), and the import template. Rows stream from a server-side cursor in a fixed
number of queries and both formats go out while they are read; memory does not grow with the
number of rows."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from typing import IO, Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from passage.registry.columns import EXPORT_FIELDS, IMPORT_COLUMNS, IMPORT_FIELDS
from passage.registry.models import Case, CaseMember
from passage.registry.xlsx_stream import StreamingWorkbook

CHUNK_ROWS = 2000
# A cell that starts like a formula runs as one when a spreadsheet opens the file (CSV injection);
# it is written with a leading apostrophe. Phone numbers such as +254 700 000 000 stay as they are.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_HARMLESS = re.compile(r"[+-]?[\d ().-]*")

_VALUES = (
    "case__unhcr_case_id", "case__programme", "case__destination_country", "case__priority", "case__project__code",
    "case__registered_on", "relationship", "person__given_name", "person__middle_name", "person__family_name",
    "person__native_given_name", "person__native_middle_name", "person__native_family_name", "person__sex",
    "person__date_of_birth", "person__dob_precision", "person__nationality", "person__country_of_birth",
    "person__preferred_language", "person__languages", "person__unhcr_individual_id", "person__phone",
    "person__email", "case__number", "case__office__code", "case__status",
)
assert len(_VALUES) == len(EXPORT_FIELDS)  # the two lists describe the same columns
_LANGUAGES = _VALUES.index("person__languages")


def member_rows(cases: QuerySet[Case]) -> QuerySet:
    """The current members of `cases` (a scoped, filtered selector result), rows of one case together."""
    return (
        CaseMember.objects.filter(left_on__isnull=True, case__in=cases.values("pk"))
        .order_by("case_id", "id")
        .values_list(*_VALUES)
    )


def safe_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(_FORMULA_START) and not _HARMLESS.fullmatch(text):
        return "'" + text
    return text


def _cells(row: tuple) -> list[str]:
    cells = [safe_text(v) for v in row]
    cells[_LANGUAGES] = ";".join(row[_LANGUAGES] or [])
    return cells


class _Buffer:
    """A file-like object whose write returns the text, for csv.writer in a generator."""

    def write(self, text: str) -> str:
        return text


def csv_chunks(rows: QuerySet) -> Iterator[str]:
    """The CSV as text chunks of about CHUNK_ROWS rows, with a BOM so spreadsheets read UTF-8."""
    writer = csv.writer(_Buffer())
    chunk = ["\ufeff", writer.writerow(EXPORT_FIELDS)]
    for row in rows.iterator(chunk_size=CHUNK_ROWS):
        chunk.append(writer.writerow(_cells(row)))
        if len(chunk) >= CHUNK_ROWS:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def _text_cell(sheet: Any, value: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def xlsx_chunks(rows: QuerySet, *, max_rows: int | None = None, written: list[int] | None = None) -> Iterator[bytes]:
    """The workbook as bytes, streamed while the rows are read (xlsx_stream.py): a new sheet every
    `max_rows` data rows, and when the rows do not fit one sheet a first 'read me' sheet says so.
    `written`, if given, receives the number of data rows."""
    max_rows = max_rows or settings.PASSAGE_XLSX_MAX_DATA_ROWS
    book = StreamingWorkbook()
    count = 0

    def new_sheet() -> None:
        index = len(book.sheets) + 1
        book.start_sheet("cases" if index == 1 else f"cases ({index})")
        book.append(list(EXPORT_FIELDS))

    new_sheet()
    for row in rows.iterator(chunk_size=CHUNK_ROWS):
        if book.sheet_rows > max_rows or book.sheet_full:
            new_sheet()
        book.append(_cells(row))  # safe_text has neutralised a leading '='; inline strings never run anyway
        count += 1
        if count % CHUNK_ROWS == 0:
            chunk = book.chunk()
            if chunk:
                yield chunk
    order = None
    data_sheets = len(book.sheets)
    if data_sheets > 1:
        book.start_sheet(_("read me"))
        book.append([_("This export has %(rows)d rows, more than the %(max)d rows a sheet can hold: they are split "
                       "into %(sheets)d sheets, each with its own header row. A case's members may continue on the "
                       "next sheet.") % {"rows": count, "max": max_rows, "sheets": data_sheets}])
        order = [data_sheets + 1, *range(1, data_sheets + 1)]
    if written is not None:
        written.append(count)
    yield book.chunk() + book.close(order)


def write_xlsx(rows: QuerySet, out: IO[bytes], *, max_rows: int | None = None) -> int:
    """Write the streamed workbook to `out`; returns the number of data rows."""
    written: list[int] = []
    for chunk in xlsx_chunks(rows, max_rows=max_rows, written=written):
        out.write(chunk)
    return written[0]


# --- The import template ----------------------------------------------------------------------

def _column_docs() -> list[list[str]]:
    return [[c.name, _("yes") if c.required else _("no"), str(c.allowed), str(c.description)] for c in IMPORT_COLUMNS]


def _doc_header() -> list[str]:
    return [_("column"), _("required"), _("allowed values or format"), _("description")]


def template_csv() -> str:
    """The header row, then the documentation of each column as comment rows (a first cell that
    starts with '#'), which the import skips: the template can be filled in as it is."""
    writer = csv.writer(_Buffer())
    lines = ["\ufeff", writer.writerow(IMPORT_FIELDS)]
    lines.append(writer.writerow(["# " + _doc_header()[0], *_doc_header()[1:]]))
    lines += [writer.writerow(["# " + row[0], *row[1:]]) for row in _column_docs()]
    return "".join(lines)


def template_xlsx(out: IO[bytes]) -> None:
    """A 'cases' sheet with the header row, and a 'columns' sheet documenting each column."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    cases = book.create_sheet("cases")
    cases.append(list(IMPORT_FIELDS))
    docs = book.create_sheet("columns")
    docs.append(_doc_header())
    for row in _column_docs():
        docs.append([_text_cell(docs, v) for v in row])
    book.save(out)

