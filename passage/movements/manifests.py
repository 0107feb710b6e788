"""Passenger manifests per leg: who is on board as named in their travel documents, with
assistance (IATA SSR) codes, escorts and totals; as rows for the page, CSV, XLSX, a printable
PDF and a UN/EDIFACT PAXLST message for advance passenger information.

Built from a fixed number of queries whatever the number of passengers (a 400-seat charter
included: see bench/manifest.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

from passage.movements.models import Escort, Leg, PassengerLeg
from passage.registry.models import IdentityDocument, Vulnerability
from passage.registry.vulnerabilities import assistance_code

# The travel document a manifest names, in order of preference (the one the passenger flies on).
DOCUMENT_PREFERENCE = ["passport", "travel_document", "laissez_passer", "refugee_id", "national_id",
                       "unhcr_registration", "birth_certificate"]
# PAXLST document type codes (IATA/WCO: P passport, G refugee travel document ...).
PAXLST_DOC_CODES = {"passport": "P", "travel_document": "G", "laissez_passer": "L", "refugee_id": "I",
                    "national_id": "I", "unhcr_registration": "I", "birth_certificate": "F"}
AGE_GROUPS = (("0-1", 0, 1), ("2-11", 2, 11), ("12-17", 12, 17), ("18-59", 18, 59), ("60+", 60, 200))
ON_BOARD = ("booked", "checked_in", "boarded", "departed", "in_transit", "arrived", "handed_over")


@dataclass
class ManifestRow:
    passenger_leg_id: int
    person_id: int
    family_name: str
    given_names: str
    sex: str
    date_of_birth: dt.date
    age: int
    nationality: str
    document_kind: str
    document_number: str
    document_country: str
    document_expires: dt.date | None
    case_number: str
    record_locator: str
    ticket_number: str
    seat: str
    status: str
    assistance: list[str] = field(default_factory=list)
    escorts: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.family_name}/{self.given_names}" if self.family_name else self.given_names


@dataclass
class Manifest:
    leg: Leg
    rows: list[ManifestRow]
    escorts: list[Escort]
    totals: dict[str, dict[str, int]]  # sex -> age group -> count, with "all" rows and columns
    generated_at: dt.datetime


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _age_group(age: int) -> str:
    # A date of birth after the travel date (an estimated or mistyped one) counts as an infant,
    # so one wrong date never stops the manifest.
    age = min(max(age, 0), AGE_GROUPS[-1][2])
    return next(label for label, low, high in AGE_GROUPS if low <= age <= high)


def _document(documents: list[_Document], on: dt.date) -> _Document | None:
    valid = [d for d in documents if d.expires_on is None or d.expires_on >= on]
    ranked = sorted(valid or documents, key=lambda d: (DOCUMENT_PREFERENCE.index(d.kind)
                                                       if d.kind in DOCUMENT_PREFERENCE else 99, -d.pk))
    return ranked[0] if ranked else None


def _health_codes(person_ids: list[int]) -> dict[int, list[str]]:
    if not apps.is_installed("passage.health"):
        return {}
    from passage.health.selectors import assistance_codes  # the health module owns travel requirements

    return assistance_codes(person_ids)


@dataclass(frozen=True)
class _Document:
    pk: int
    kind: str
    number: str
    issuing_country: str
    expires_on: dt.date | None


def build(leg: Leg) -> Manifest:
    """Five queries whatever the number of passengers; plain values, no model instances (a
    400-seat charter's manifest is built in about a tenth of a second; see bench/manifest.py)."""
    on_board = PassengerLeg.objects.filter(leg=leg, holds_seat=True, status__in=ON_BOARD)
    rows_qs = on_board.order_by("booking__case__number", "passenger_id").values_list(
        "pk", "person_id", "seat", "ticket_number", "status", "booking__record_locator", "booking__case__number",
        "person__given_name", "person__middle_name", "person__family_name", "person__sex",
        "person__date_of_birth", "person__nationality")
    people = on_board.values("person_id")
    documents: dict[int, list[_Document]] = {}
    for person_id, *fields in (IdentityDocument.objects.filter(person_id__in=people).order_by("id")
                               .values_list("person_id", "pk", "kind", "number", "issuing_country", "expires_on")):
        documents.setdefault(person_id, []).append(_Document(*fields))
    codes: dict[int, set[str]] = {}
    for person_id, code in (Vulnerability.objects.filter(person_id__in=people, resolved_on__isnull=True)
                            .values_list("person_id", "code")):
        if assistance_code(code):
            codes.setdefault(person_id, set()).add(assistance_code(code))
    escorts = list(Escort.objects.filter(leg=leg).order_by("kind", "name"))
    escort_label = {e.pk: f"{e.name} ({e.get_kind_display()})" for e in escorts}
    escorts_of: dict[int, list[str]] = {}
    for escort_id, passenger_leg_id in (Escort.passengers.through.objects.filter(escort__leg=leg)
                                        .order_by("escort_id").values_list("escort_id", "passengerleg_id")):
        escorts_of.setdefault(passenger_leg_id, []).append(escort_label[escort_id])
    rows: list[ManifestRow] = []
    raw = list(rows_qs)
    health = _health_codes([r[1] for r in raw])
    for (pk, person_id, seat, ticket, status, locator, case_number, given, middle, family, sex, born,
         nationality) in raw:
        document = _document(documents.get(person_id, []), leg.departure_date)
        assistance = codes.get(person_id, set()) | set(health.get(person_id, []))
        rows.append(ManifestRow(
            passenger_leg_id=pk, person_id=person_id, family_name=family.upper(),
            given_names=" ".join(p for p in (given, middle) if p).upper(), sex=sex, date_of_birth=born,
            age=_age(born, leg.departure_date), nationality=nationality,
            document_kind=document.kind if document else "", document_number=document.number if document else "",
            document_country=document.issuing_country if document else "",
            document_expires=document.expires_on if document else None,
            case_number=case_number, record_locator=locator, ticket_number=ticket, seat=seat, status=status,
            assistance=sorted(assistance), escorts=escorts_of.get(pk, []),
        ))
    return Manifest(leg=leg, rows=rows, escorts=escorts, totals=totals(rows), generated_at=timezone.now())


def totals(rows: list[ManifestRow]) -> dict[str, dict[str, int]]:
    counts = Counter((r.sex, _age_group(r.age)) for r in rows)
    table: dict[str, dict[str, int]] = {}
    for sex in ("F", "M", "X", "all"):
        line = {}
        for label, _low, _high in AGE_GROUPS:
            line[label] = sum(n for (s, g), n in counts.items() if g == label and (sex == "all" or s == sex))
        line["all"] = sum(line.values())
        table[sex] = line
    return table


# --- Formats --------------------------------------------------------------------------------------

def _columns() -> list[tuple[str, str]]:
    return [
        ("name", _("Name (as in travel document)")), ("sex", _("Sex")), ("date_of_birth", _("Date of birth")),
        ("age", _("Age")), ("nationality", _("Nationality")), ("document_kind", _("Document")),
        ("document_number", _("Document number")), ("document_country", _("Issued by")),
        ("case_number", _("Case number")), ("record_locator", _("Record locator")),
        ("ticket_number", _("Ticket number")), ("seat", _("Seat")), ("assistance", _("Assistance codes")),
        ("escorts", _("Escorts")), ("status", _("Status")),
    ]


def _cell(row: ManifestRow, name: str) -> str:
    value = getattr(row, name)
    if isinstance(value, list):
        return " ".join(value) if name == "assistance" else "; ".join(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _safe(text: str) -> str:
    """Spreadsheet cells never start like a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_csv(manifest: Manifest) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    columns = _columns()
    writer.writerow([label for _name, label in columns])
    for row in manifest.rows:
        writer.writerow([_safe(_cell(row, name)) for name, _label in columns])
    return "\ufeff" + out.getvalue()


def to_xlsx(manifest: Manifest) -> bytes:
    """The manifest sheet (a title line, the column headers, a row per passenger) and the totals
    sheet, written by the registry's small streaming XLSX writer on the standard zipfile: openpyxl's
    write-only workbook took 100-300 ms for a 400-seat charter, most of it in its cell objects."""
    from passage.registry.xlsx_stream import StreamingWorkbook

    leg = manifest.leg
    book = StreamingWorkbook()
    book.start_sheet(_("Manifest"))
    book.append([f"{leg.designator} {leg.departure_airport}-{leg.arrival_airport} {leg.departure_date}"])
    columns = _columns()
    book.append([label for _name, label in columns])
    for row in manifest.rows:
        book.append([_safe(_cell(row, name)) for name, _label in columns])
    book.start_sheet(_("Totals"))
    book.append([_("Sex"), *[label for label, _l, _h in AGE_GROUPS], _("All")])
    for sex, line in manifest.totals.items():
        book.append([sex, *line.values()])
    return book.chunk() + book.close()


PDF_FONT, PDF_BOLD, PDF_SIZE = "Helvetica", "Helvetica-Bold", 7.5
PDF_ROW = 11.0  # points per table row
PDF_PAD = 2.5  # points between a cell's border and its text
PDF_COLUMNS = ["name", "sex", "date_of_birth", "nationality", "document_number", "case_number", "seat",
               "assistance", "escorts"]


def to_pdf(manifest: Manifest) -> bytes:
    """A printable A4 landscape manifest, the table's header repeated on every page and the totals
    by sex and age group at the end.

    Drawn straight on a reportlab canvas, one text object per page: the platypus Table that did
    this before spent most of its time measuring and drawing 3,700 cells of a 400-seat charter one
    by one (bench/manifest.py). Column widths follow the widest entry; a text wider than its column
    (the columns are scaled down to fit the page) is cut with an ellipsis rather than overlapping."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.rl_accel import escapePDF
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    leg = manifest.leg
    out = io.BytesIO()
    page_width, page_height = landscape(A4)
    margin = 10 * mm
    # gettext calls stay outside f-strings, where makemessages cannot see them.
    title = " ".join([_("Passenger manifest"), leg.designator, f"{leg.departure_airport}-{leg.arrival_airport}"])
    canvas = Canvas(out, pagesize=(page_width, page_height), pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("Passage")

    labels = dict(_columns())
    header = [labels[name] for name in PDF_COLUMNS]
    body = [[_cell(row, name) for name in PDF_COLUMNS] for row in manifest.rows]
    def widest(i: int) -> float:
        # Measure only the longest few entries of a column: without reportlab's C accelerator
        # measuring every cell costs more than drawing the page.
        longest = sorted({r[i] for r in body}, key=len)[-4:]
        return max([stringWidth(header[i], PDF_BOLD, PDF_SIZE)] + [stringWidth(v, PDF_FONT, PDF_SIZE) for v in longest])

    available = page_width - 2 * margin
    # One very long entry (a name, a list of escorts) must not squeeze the other columns.
    widths = [min(widest(i) + 2 * PDF_PAD, available * 0.28) for i in range(len(header))]
    if sum(widths) > available:
        widths = [w * available / sum(widths) for w in widths]
    when = timezone.localtime(leg.scheduled_departure, timezone=_zone(leg.departure_airport))
    subtitle = " · ".join([_("Departure (local time)") + f": {when:%Y-%m-%d %H:%M}",
                           _("Passengers") + f": {len(manifest.rows)}", _("Escorts") + f": {len(manifest.escorts)}"])

    def fit(text: str, width: float, font: str) -> str:
        room = width - 2 * PDF_PAD
        # No Helvetica glyph is wider than 1.02 em: short texts fit without being measured.
        if len(text) * PDF_SIZE * 1.02 <= room or stringWidth(text, font, PDF_SIZE) <= room:
            return text
        while text and stringWidth(text + "…", font, PDF_SIZE) > room:
            text = text[:-1]
        return text + "…"

    def show(text, x: float, y: float, value: str) -> None:
        # The text operators written directly (position, then the string in the standard fonts'
        # WinAnsi encoding): textOut would measure every string again to advance a cursor we
        # do not use.
        text._code.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm ({escapePDF(value.encode('cp1252', 'replace'))}) Tj")

    def draw_table(top: float, rows: list[list[str]], column_widths: list[float], head: list[str]) -> float:
        """Draw the header and `rows` from `top` down; returns where the table ends."""
        left = margin
        xs = [left]
        for w in column_widths:
            xs.append(xs[-1] + w)
        bottom = top - PDF_ROW * (len(rows) + 1)
        canvas.setFillGray(0.85)
        canvas.rect(left, top - PDF_ROW, xs[-1] - left, PDF_ROW, stroke=0, fill=1)
        canvas.setFillGray(0)
        canvas.setLineWidth(0.25)
        canvas.setStrokeGray(0.5)
        lines = [(left, top - k * PDF_ROW, xs[-1], top - k * PDF_ROW) for k in range(len(rows) + 2)]
        lines += [(x, top, x, bottom) for x in xs]
        canvas.lines(lines)
        text = canvas.beginText()
        text.setFont(PDF_BOLD, PDF_SIZE)
        baseline = top - PDF_ROW + 3.2
        for x, w, value in zip(xs, column_widths, head, strict=False):
            show(text, x + PDF_PAD, baseline, fit(value, w, PDF_BOLD))
        text.setFont(PDF_FONT, PDF_SIZE)
        for k, row in enumerate(rows, start=1):
            baseline = top - (k + 1) * PDF_ROW + 3.2
            for x, w, value in zip(xs, column_widths, row, strict=False):
                if value:
                    show(text, x + PDF_PAD, baseline, fit(value, w, PDF_FONT))
        canvas.drawText(text)
        return bottom

    def start_page(number: int) -> float:
        canvas.setFont(PDF_FONT, 7)
        canvas.drawRightString(page_width - margin, margin / 2, f"{title} · {number}")
        if number == 1:
            canvas.setFont(PDF_BOLD, 14)
            canvas.drawString(margin, page_height - margin - 14, title)
            canvas.setFont(PDF_FONT, 9)
            canvas.drawString(margin, page_height - margin - 30, subtitle)
            return page_height - margin - 40
        return page_height - margin

    page_number, top = 1, start_page(1)
    remaining = body
    while True:
        fits = max(1, int((top - margin) // PDF_ROW) - 1)
        chunk, remaining = remaining[:fits], remaining[fits:]
        top = draw_table(top, chunk, widths, header) - 4 * mm
        if not remaining:
            break
        canvas.showPage()
        page_number += 1
        top = start_page(page_number)
    totals_head = [_("Sex"), *[label for label, _l, _h in AGE_GROUPS], _("All")]
    totals = [[str(sex), *[str(n) for n in line.values()]] for sex, line in manifest.totals.items()]
    if top - PDF_ROW * (len(totals) + 1) < margin:
        canvas.showPage()
        page_number += 1
        top = start_page(page_number)
    draw_table(top, totals, [max(40.0, stringWidth(h, PDF_BOLD, PDF_SIZE) + 2 * PDF_PAD) for h in totals_head],
               totals_head)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _zone(code: str):
    from passage.movements.airports import zone

    return zone(code)


def _edi_text(value: str) -> str:
    """UNOA level A allows upper-case Latin letters, digits and a few signs."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().upper()
    return "".join(ch if ch.isalnum() or ch in " .,-()/='+:?!\"%&*;<>" else " " for ch in plain).strip()


def to_paxlst(manifest: Manifest, *, sender: str = "PASSAGE", recipient: str = "APIS",
              reference: str | None = None) -> str:
    """A UN/EDIFACT PAXLST (D.05B, IATA) message listing the passengers of the leg."""
    from pydifact.segmentcollection import Interchange, Message
    from pydifact.segments import Segment

    leg = manifest.leg
    reference = reference or f"{leg.pk:06d}{manifest.generated_at:%H%M}"
    dep = leg.scheduled_departure.astimezone(_zone(leg.departure_airport))
    arr = leg.scheduled_arrival.astimezone(_zone(leg.arrival_airport))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydifact warns that it has no service-segment definitions
        interchange = Interchange(sender=sender, recipient=recipient, control_reference=reference,
                                  syntax_identifier=("UNOA", 4), timestamp=manifest.generated_at)
        message = Message("1", ["PAXLST", "D", "05B", "UN", "IATA"])
        segments = [
            Segment("BGM", "745"),
            Segment("NAD", "MS", "", "", "PASSAGE MOVEMENTS"),
            Segment("TDT", "20", leg.designator, "", "", leg.carrier.iata_code if leg.carrier_id else ""),
            Segment("LOC", "125", leg.departure_airport),
            Segment("DTM", ["189", dep.strftime("%y%m%d%H%M"), "201"]),
            Segment("LOC", "87", leg.arrival_airport),
            Segment("DTM", ["232", arr.strftime("%y%m%d%H%M"), "201"]),
        ]
        for row in manifest.rows:
            segments += [
                Segment("NAD", "FL", "", "", [_edi_text(row.family_name) or _edi_text(row.given_names),
                                              _edi_text(row.given_names)]),
                Segment("ATT", "2", "", row.sex if row.sex in ("M", "F") else "U"),
                Segment("DTM", ["329", row.date_of_birth.strftime("%y%m%d")]),
                Segment("LOC", "178", leg.departure_airport),
                Segment("LOC", "179", leg.arrival_airport),
                Segment("NAT", "2", row.nationality),
            ]
            if row.record_locator:
                segments.append(Segment("RFF", ["AVF", _edi_text(row.record_locator)]))
            if row.seat:
                segments.append(Segment("RFF", ["SEA", _edi_text(row.seat)]))
            if row.document_number:
                segments.append(Segment("DOC", [PAXLST_DOC_CODES.get(row.document_kind, "I"), "110", "111"],
                                        _edi_text(row.document_number)))
                if row.document_expires:
                    segments.append(Segment("DTM", ["36", row.document_expires.strftime("%y%m%d")]))
                segments.append(Segment("LOC", "91", row.document_country))
        segments.append(Segment("CNT", ["42", str(len(manifest.rows))]))
        message.add_segments(segments)
        interchange.add_message(message)
        return interchange.serialize(break_lines=True)


FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": ("application/pdf", "pdf"),
    "paxlst": ("application/edifact", "edi"),
}


def read(*, user, leg: Leg, fmt: str = "screen") -> tuple[Manifest, bytes | str | None]:
    """The manifest of `leg` (already read through the user's scope) in `fmt`, audited: a manifest
    holds every passenger's document numbers and assistance needs."""
    from django.db import transaction

    from passage.core import audit

    manifest = build(leg)
    renderers = {"csv": to_csv, "xlsx": to_xlsx, "pdf": to_pdf, "paxlst": to_paxlst}
    content = renderers[fmt](manifest) if fmt in renderers else None
    with transaction.atomic():
        audit.record(actor=user, action="manifest.read", obj=leg, office=leg.office_id,
                     after={"format": fmt, "passengers": len(manifest.rows)})
    return manifest, content


def filename(leg: Leg, fmt: str) -> str:
    return f"manifest-{leg.designator}-{leg.departure_airport}{leg.arrival_airport}-{leg.departure_date}.{FORMATS[fmt][1]}"


def assistance_for(person_ids: list[int], *, with_health: bool = True) -> dict[int, list[str]]:
    """IATA assistance codes per person from open vulnerabilities and (with_health) the health
    module's travel requirements. Partners' pages pass with_health=False: health-derived needs go
    to a receiving state only with consent, which the health module decides."""
    codes: dict[int, set[str]] = {}
    rows = Vulnerability.objects.filter(person_id__in=person_ids, resolved_on__isnull=True)
    for person_id, code in rows.values_list("person_id", "code"):
        if assistance_code(code):
            codes.setdefault(person_id, set()).add(assistance_code(code))
    if with_health:
        for person_id, extra in _health_codes(list(person_ids)).items():
            codes.setdefault(person_id, set()).update(extra)
    return {person_id: sorted(values) for person_id, values in codes.items()}
