"""The figures as files: the breakdown table as CSV, XLSX and HXL-tagged CSV, a one-page PDF
summary for donors, and the row-level list of persons moved, streamed."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _
from openpyxl import Workbook
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from passage.core.models import User
from passage.reports import figures, selectors
from passage.reports.definitions import AGE_GROUP_CODES, AGE_GROUP_LABELS, SEXES
from passage.reports.selectors import Filters

SUPPRESSED = "<5"
SEX_HXL = {"F": "+f", "M": "+m", "X": "+x"}


def _columns() -> list[tuple[str, str, str]]:
    """(key, heading, HXL hashtag) of each column of the breakdown."""
    cols = [
        ("date_from", _("Period start"), "#date+start"),
        ("date_to", _("Period end"), "#date+end"),
        ("departure", _("Departure country code"), "#country+code+origin"),
        ("departure_name", _("Departure country"), "#country+name+origin"),
        ("destination", _("Destination country code"), "#country+code+dest"),
        ("destination_name", _("Destination country"), "#country+name+dest"),
        ("nationality", _("Nationality code"), "#country+code+nationality"),
        ("nationality_name", _("Nationality"), "#country+name+nationality"),
        ("total", _("Persons moved"), "#affected+total"),
    ]
    for sex in SEXES:
        cols.append((sex, figures.sex_label(sex), f"#affected{SEX_HXL[sex]}"))
    for sex in SEXES:
        for code in AGE_GROUP_CODES:
            cols.append((f"{sex}_{code}", f"{figures.sex_label(sex)} {AGE_GROUP_LABELS[code]}",
                         f"#affected{SEX_HXL[sex]}+age{code.replace('_plus', 'plus')}"))
    return cols


def breakdown_rows(user: User, f: Filters) -> Iterator[list]:
    cols = _columns()
    for line in figures.breakdown(user, f):
        line = {**line, "date_from": f.date_from.isoformat(), "date_to": f.date_to.isoformat(),
                "departure_name": figures.country_name(line["departure"]),
                "destination_name": figures.country_name(line["destination"]),
                "nationality_name": figures.country_name(line["nationality"])}
        yield [SUPPRESSED if line[key] is None else line[key] for key, *_rest in cols]


def csv_text(user: User, f: Filters, *, hxl: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    cols = _columns()
    writer.writerow([heading for _k, heading, _t in cols])
    if hxl:
        writer.writerow([tag for _k, _h, tag in cols])
    writer.writerows(breakdown_rows(user, f))
    return out.getvalue()


def xlsx_bytes(user: User, f: Filters) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Persons moved"))
    sheet.append([heading for _k, heading, _t in _columns()])
    for row in breakdown_rows(user, f):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def summary_pdf(user: User, f: Filters) -> bytes:
    """One A4 page: the headline figures, top destinations and nationalities, sex and age."""
    data = figures.dashboard(user, f)
    styles = getSampleStyleSheet()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=_("Movement summary"))

    def shown(n) -> str:
        return SUPPRESSED if n is None else f"{n:,}"

    totals = data["totals"]
    story = [Paragraph(_("Movement summary"), styles["Title"]),
             Paragraph(_("%(start)s to %(end)s") % {"start": f.date_from.isoformat(), "end": f.date_to.isoformat()},
                       styles["Normal"]), Spacer(1, 4 * mm)]
    headline = [[_("Persons moved"), shown(totals["persons_moved"])],
                [_("Flight sectors"), shown(totals["flight_sectors"])],
                [_("Charters"), shown(totals["charters"])],
                [_("Nationalities"), shown(totals["nationalities"])],
                [_("Departure countries"), shown(totals["departure_countries"])],
                [_("Destination countries"), shown(totals["destination_countries"])],
                [_("Cancellations"), shown(totals["cancellations"])],
                [_("No-shows"), shown(totals["no_shows"])]]
    story.append(_table(headline))
    for title, rows in ((_("Top destination countries"), data["destination_countries"][:6]),
                        (_("Top nationalities"), data["nationalities"][:6])):
        story += [Spacer(1, 3 * mm), Paragraph(title, styles["Heading3"]),
                  _table([[r.label, shown(r.count)] for r in rows] or [[_("None"), "0"]])]
    story += [Spacer(1, 3 * mm), Paragraph(_("Sex and age"), styles["Heading3"]),
              _table([[_("Age group"), figures.sex_label("F"), figures.sex_label("M"), figures.sex_label("X")]]
                     + [[r["label"], shown(r["F"]), shown(r["M"]), shown(r["X"])] for r in data["pyramid"]])]
    doc.build(story)
    return out.getvalue()


def _table(rows: list[list]) -> Table:
    table = Table(rows, hAlign="LEFT")
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("FONTSIZE", (0, 0), (-1, -1), 9),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return table


PERSON_COLUMNS = ["person_id", "booking_id", "date", "departure_country", "destination_country", "nationality",
                  "sex", "age", "age_group", "programme", "mode", "charter", "sectors", "office__code"]


def person_rows(user: User, f: Filters, chunk_size: int = 2000) -> Iterable[str]:
    """One CSV line per person moved, read in chunks: memory stays flat whatever the period."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def take() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(PERSON_COLUMNS)
    yield take()
    rows = selectors.persons_moved(user, f).order_by("date", "id").values_list(*PERSON_COLUMNS)
    for i, row in enumerate(rows.iterator(chunk_size=chunk_size), start=1):
        writer.writerow(row)
        if i % 500 == 0:
            yield take()
    yield take()
