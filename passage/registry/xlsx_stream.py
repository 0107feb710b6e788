"""A small XLSX writer that streams: the workbook goes out as it is written, in constant memory.

openpyxl (even in write-only mode) only writes a workbook into a seekable file, so a big export had
to be built completely before its first byte (6-7 minutes for 10^6 rows). An XLSX file is a ZIP of
XML parts; here each worksheet is deflated into the ZIP entry while its rows are produced, the ZIP
goes out through a non-seekable sink (Python's zipfile then writes data descriptors), and the parts
whose content depends on the sheets written (workbook, relationships, content types) come last.
Every text cell is an inline string (no shared-strings table to hold in memory; Python ints and
floats are written as numbers), empty cells are left out, and no entry grows past 2^31 bytes, so
no ZIP64 extension is needed (see docs/decisions.md)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr  # nosec B406: escapes text we write; parses nothing

from openpyxl.utils import get_column_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# A worksheet entry stays under zipfile's ZIP64 limit (2^31 - 1 bytes uncompressed) with room for a row.
MAX_SHEET_BYTES = 2_000_000_000
# Characters XML 1.0 cannot carry (openpyxl refuses them too).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")

STYLES = (
    HEAD + f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


class _Sink:
    """Where zipfile writes; the generator takes what accumulated after each step. No tell() or
    seek(): zipfile then streams (data descriptors after each entry)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def _cell(ref: str, value: str | int | float) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value!r}</v></c>'  # a number, for totals and sums
    text = escape(_ILLEGAL.sub("", value))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _row(number: int, values: Iterable[str | int | float], letters: list[str]) -> str:
    cells = "".join(_cell(f"{letters[i]}{number}", v) for i, v in enumerate(values) if v != "" and v is not None)
    return f'<row r="{number}">{cells}</row>'


def sheet_name(name: str) -> str:
    return _SHEET_NAME_BAD.sub(" ", name)[:31] or "sheet"


class StreamingWorkbook:
    """Write sheets one after the other with `start_sheet` and `append`; `chunks()` hands out the
    bytes written so far. `close(order=...)` writes the workbook parts, listing the sheets in that
    order (a note written last can still be the first tab)."""

    def __init__(self, compresslevel: int = 1) -> None:
        self._sink = _Sink()
        self._zip = zipfile.ZipFile(self._sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel)
        self.sheets: list[str] = []
        self._entry = None
        self._rows = 0
        self._bytes = 0
        self._letters = [get_column_letter(i) for i in range(1, 201)]
        self._pending: list[str] = []

    # -- sheets --
    def start_sheet(self, name: str) -> None:
        self._end_sheet()
        self.sheets.append(sheet_name(name))
        self._entry = self._zip.open(f"xl/worksheets/sheet{len(self.sheets)}.xml", "w")
        self._write(HEAD + f'<worksheet xmlns="{MAIN}"><sheetData>')
        self._rows = 0

    @property
    def sheet_rows(self) -> int:
        return self._rows

    @property
    def sheet_full(self) -> bool:
        """True when one more big row might not fit the entry without ZIP64."""
        return self._bytes > MAX_SHEET_BYTES - 1_000_000

    def append(self, values: Iterable[str]) -> None:
        self._rows += 1
        self._pending.append(_row(self._rows, values, self._letters))
        if len(self._pending) >= 500:
            self._flush_rows()

    def _flush_rows(self) -> None:
        if self._pending:
            self._write("".join(self._pending))
            self._pending.clear()

    def _write(self, text: str) -> None:
        data = text.encode("utf-8")
        self._bytes += len(data)
        self._entry.write(data)

    def _end_sheet(self) -> None:
        if self._entry is not None:
            self._flush_rows()
            self._write("</sheetData></worksheet>")
            self._entry.close()
            self._entry = None
            self._bytes = 0

    def chunk(self) -> bytes:
        return self._sink.take()

    # -- the end --
    def close(self, order: list[int] | None = None) -> bytes:
        """Finish the workbook; returns its last bytes (the package parts and the ZIP directory)."""
        self._end_sheet()
        order = order or list(range(1, len(self.sheets) + 1))
        sheets = "".join(f'<sheet name={quoteattr(self.sheets[n - 1])} sheetId="{n}" r:id="rId{n}"/>' for n in order)
        self._zip.writestr("xl/workbook.xml", HEAD + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{sheets}'
                                                     "</sheets></workbook>")
        rels = "".join(f'<Relationship Id="rId{n}" Type="{REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                       for n in range(1, len(self.sheets) + 1))
        rels += f'<Relationship Id="rIdStyles" Type="{REL}/styles" Target="styles.xml"/>'
        self._zip.writestr("xl/_rels/workbook.xml.rels", HEAD + f'<Relationships xmlns="{PKG_REL}">{rels}</Relationships>')
        self._zip.writestr("xl/styles.xml", STYLES)
        self._zip.writestr("_rels/.rels", HEAD + f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
                                                 f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        sml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        parts = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{sml}.worksheet+xml"/>'
                        for n in range(1, len(self.sheets) + 1))
        self._zip.writestr("[Content_Types].xml", HEAD + (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{sml}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{sml}.styles+xml"/>{parts}</Types>'))
        self._zip.close()
        return self._sink.take()
