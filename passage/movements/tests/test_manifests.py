"""Manifests: passengers as in their travel documents, assistance codes, escorts and totals, on
screen and as CSV, XLSX, PDF and a PAXLST message that pydifact parses."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pydifact.segmentcollection import Interchange
from pypdf import PdfReader

from passage.movements import manifests, services
from passage.registry.models import IdentityDocument, Vulnerability


@pytest.fixture
def loaded_leg(world, staff, make_leg, held):
    leg = make_leg("NBO", "JFK", "ET", "9001", dep="01:00", arr="08:00", seats=10)
    booking = held(world.case_a, [leg], record_locator="XK4P2Q")
    people = [p.person for p in booking.passengers.select_related("person")]
    for i, person in enumerate(people):
        IdentityDocument.objects.create(person=person, kind="refugee_id", number=f"RID{i}", issuing_country="KEN")
        IdentityDocument.objects.create(person=person, kind="passport", number=f"P{i:07d}", issuing_country="SOM",
                                        expires_on=dt.date(2030, 1, 1))
    Vulnerability.objects.create(person=people[0], code="mobility")
    Vulnerability.objects.create(person=people[1], code="serious_medical", resolved_on=dt.date(2026, 1, 1))
    row = booking.passenger_legs.get(person=people[0])
    services.assign_seat(actor=staff.mo_a, passenger_leg=row, seat="23c")
    services.assign_escort(actor=staff.mo_a, leg=leg, office=world.office_a, kind="medical", name="Dr. Wanjiru",
                           passenger_leg_ids=[row.pk])
    return leg, people


def test_the_manifest_names_passengers_as_in_their_travel_documents(loaded_leg):
    leg, people = loaded_leg
    manifest = manifests.build(leg)
    assert len(manifest.rows) == 3
    first = next(r for r in manifest.rows if r.person_id == people[0].pk)
    assert first.document_kind == "passport" and first.document_number == "P0000000"
    assert first.family_name == people[0].family_name.upper()
    assert first.assistance == ["WCHR"] and first.seat == "23C"
    assert first.escorts == ["Dr. Wanjiru (Medical escort)"]
    second = next(r for r in manifest.rows if r.person_id == people[1].pk)
    assert second.assistance == []  # a resolved vulnerability no longer needs assistance
    assert manifest.totals["all"]["all"] == 3
    assert manifest.totals["all"]["18-59"] == 3 and sum(manifest.totals[s]["all"] for s in "FMX") == 3


def test_manifest_formats(loaded_leg):
    leg, people = loaded_leg
    manifest = manifests.build(leg)
    text = manifests.to_csv(manifest)
    assert "P0000000" in text and "WCHR" in text and text.count("\n") == 4
    sheet = load_workbook(io.BytesIO(manifests.to_xlsx(manifest))).worksheets[0]
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "P0000000" in values and "KEN-2026-000001" in values
    totals = load_workbook(io.BytesIO(manifests.to_xlsx(manifest)))["Totals"]
    assert [c.value for c in totals[1]][:2] == ["Sex", "0-1"] and totals.cell(row=5, column=7).value == 3
    pdf = PdfReader(io.BytesIO(manifests.to_pdf(manifest)))
    text = pdf.pages[0].extract_text()
    assert "Passenger manifest ET9001 NBO-JFK" in text and "Passengers: 3" in text
    assert "P0000000" in text and "WCHR" in text and "23C" in text and "Dr. Wanjiru (Medical escort)" in text
    assert pdf.metadata.title == "Passenger manifest ET9001 NBO-JFK"


def test_a_long_manifest_pdf_repeats_its_header_on_every_page(loaded_leg):
    """A charter's worth of rows: every page starts with the column headers, every passenger is on
    one of them, the totals close the last page, and a name too long for its column is cut with an
    ellipsis instead of running into the next column."""
    leg, _people = loaded_leg
    manifest = manifests.build(leg)
    template = manifest.rows[1]
    manifest.rows = [dataclasses.replace(template, passenger_leg_id=i, given_names=f"GIVEN{i:03d}",
                                         document_number=f"D{i:06d}") for i in range(130)]
    manifest.rows[7].family_name = "VERYLONG" * 30
    pdf = PdfReader(io.BytesIO(manifests.to_pdf(manifest)))
    pages = [page.extract_text() for page in pdf.pages]
    assert len(pages) >= 3
    assert all("Name (as in travel document)" in page and "Document number" in page for page in pages)
    every = "\n".join(pages)
    assert all(f"D{i:06d}" in every for i in range(130))
    assert "…" in every and "VERYLONG" * 30 not in every
    assert "18-59" in pages[-1] and "All" in pages[-1]


@pytest.mark.filterwarnings("ignore:segments.xml not found")  # pydifact lacks service segments
def test_paxlst_parses_and_lists_every_passenger(loaded_leg):
    leg, people = loaded_leg
    message = manifests.to_paxlst(manifests.build(leg))
    interchange = Interchange.from_str(message)
    tags = [s.tag for s in interchange.get_segments("UNH")]
    assert tags == ["UNH"]
    all_tags = [s.tag for s in list(interchange.get_messages())[0].segments]
    for tag in ("BGM", "NAD", "TDT", "LOC", "DTM", "ATT", "DOC", "CNT"):
        assert tag in all_tags, tag
    passengers = [s for s in interchange.get_segments("NAD") if s.elements[0] == "FL"]
    assert len(passengers) == 3
    assert interchange.get_segment("TDT").elements[1] == "ET9001"
    assert interchange.get_segment("CNT").elements[0] == ["42", "3"]
    docs = [s.elements[1] for s in interchange.get_segments("DOC")]
    assert sorted(docs) == ["P0000000", "P0000001", "P0000002"]
    unt = interchange.get_segment("UNT")
    # UNT counts the message's segments from UNH to UNT inclusive.
    assert int(unt.elements[0]) == len(all_tags) + 2
    assert "UNT" in message and message.splitlines()[0].startswith(("UNA", "UNB"))


def test_a_birth_date_after_the_flight_does_not_stop_the_manifest(loaded_leg):
    # Seen in the demo world: an estimated date of birth later than a past flight gave a 500 page.
    leg, people = loaded_leg
    people[2].date_of_birth = leg.departure_date + dt.timedelta(days=30)
    people[2].save(update_fields=["date_of_birth"])
    manifest = manifests.build(leg)
    assert manifest.totals["all"]["0-1"] == 1 and manifest.totals["all"]["all"] == 3
