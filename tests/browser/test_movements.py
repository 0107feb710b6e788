"""Movement operations in the browser: a movement officer books a ready family on a flight, the
manifest shows the wheelchair code, she records check-in and departure on the check-in screen,
and arrival, a colleague's live board follows each step without reloading, and the receiving
partner records the hand-over. A second journey flies a charter through a transit stop (arrived in
transit, departed transit, arrived) with the board following each step. Then axe-core checks the
movement pages in English and Arabic."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from passage.core.models import Role, User
from passage.core.tests.factories import OfficeFactory, UserFactory
from passage.movements import airports, seats, services
from passage.movements.models import Booking, Leg, Webhook, WebhookDelivery
from passage.registry.models import Vulnerability
from tests.browser.helpers import choose_language, sign_in
from tests.browser.test_accessibility import LANGUAGES, assert_accessible

pytestmark = [pytest.mark.browser]


@dataclass
class Movements:
    leg: Leg
    booking: Booking  # an earlier booking of another case, for the pages that show one
    webhook: Webhook  # office A's webhook with a failed delivery


def make_ready(case, transit_countries: tuple[str, ...] = ()) -> None:
    """Grant every clearance the readiness rules ask of the case for the coming weeks."""
    from passage.movements.tests.readiness import grant_everything

    grant_everything(case, transit_countries=transit_countries)


@pytest.fixture
def movements(world, airlines_for_live_server) -> Movements:
    office_usa = OfficeFactory(code="CO-USA", name="United States", country="USA", parent=world.hq)
    officer = UserFactory(username="mo_a", roles=[(world.office_a, Role.MOVEMENT_OFFICER)])
    UserFactory(username="admin_a", roles=[(world.office_a, Role.OFFICE_ADMIN)])
    UserFactory(username="charter_hq", roles=[(world.hq, Role.CHARTER_MANAGER), (world.hq, Role.MOVEMENT_OFFICER)])
    UserFactory(username="mo_usa", roles=[(office_usa, Role.MOVEMENT_OFFICER)])
    now = timezone.now()
    dep = airports.local("NBO", now + dt.timedelta(minutes=40))
    arr = airports.local("JFK", now + dt.timedelta(hours=17))
    leg = services.create_leg(actor=officer, office=world.office_a, data=services.LegInput(
        mode="air", carrier="ET", number="9001", departure_airport="NBO", arrival_airport="JFK",
        departure_local=dep.replace(tzinfo=None), arrival_local=arr.replace(tzinfo=None), seats=8))
    other = services.book_case(actor=officer, case=world.case_sub, data=services.BookingInput(leg_ids=[leg.pk]))
    seats.set_layout(actor=officer, leg=leg, rows=2, letters="AB CD")
    services.assign_seat(actor=officer, passenger_leg=other.passenger_legs.get(), seat="1A")
    hook = Webhook.objects.create(partner_country="USA", url="https://partner.example.org/passage", secret="s" * 20,
                                  kinds=["arrived", "handed_over"], office=world.office_a)
    WebhookDelivery.objects.create(webhook=hook, kind="arrived", payload={}, status="failed", attempts=6,
                                   log=[{"at": now.isoformat(), "status_code": 502, "error": "Bad Gateway"}])
    return Movements(leg=leg, booking=other, webhook=hook)


@pytest.fixture
def airlines_for_live_server(db):
    """The live server's tests start from an emptied database, without the seeded airlines."""
    from passage.core.models import Airline

    Airline.objects.get_or_create(iata_code="ET", defaults={"name": "Ethiopian Airlines", "country": "ETH"})


def test_book_a_ready_family_check_in_and_depart_while_the_board_follows(browser, live_server, world, movements):
    case, leg = world.case_a, movements.leg
    make_ready(case)
    wheelchair = case.members.first().person
    Vulnerability.objects.create(person=wheelchair, code="mobility")

    watcher = browser.new_context(base_url=live_server.url, viewport={"width": 768, "height": 1024})
    board = watcher.new_page()
    sign_in(board, "charter_hq")
    board.goto(f"/movements/board/?day={leg.departure_date}")
    row = board.locator(f"#board-departures + .table-wrap tr[data-leg='{leg.pk}']")
    expect(row.locator(".board-checked-in")).to_have_text("0")
    expect(board.locator("#board")).to_have_attribute("data-live", "yes")

    officer = browser.new_context(base_url=live_server.url, viewport={"width": 768, "height": 1024})
    page = officer.new_page()
    sign_in(page, "mo_a")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Flights and legs").click()
    page.get_by_label("Book a case: case number").fill(case.number)
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Book case {case.number}")
    page.get_by_label("First leg").select_option(str(leg.pk))
    page.get_by_role("button", name="Hold seats").click()
    expect(page.locator("#booking-status")).to_have_text("Held")

    page.get_by_role("button", name="Confirm booking").click()
    expect(page.locator("#booking-status")).to_have_text("Confirmed")
    page.get_by_label("Record locator").fill("XK4P2Q")
    for i, field in enumerate(page.get_by_label(re.compile("^Ticket: ")).all()):
        field.fill(f"071{i + 1:010d}")
    page.get_by_role("button", name="Record tickets").click()
    expect(page.locator("#booking-status")).to_have_text("Ticketed")

    page.get_by_role("link", name=re.compile("ET9001")).first.click()
    expect(page.locator("main table").first).to_contain_text("WCHR")
    page.get_by_role("link", name="Check-in screen").click()
    family = page.locator("section", has=page.get_by_role("heading", name=re.compile(case.number)))
    family.get_by_label("Event").select_option("checked_in")
    family.get_by_role("button", name="Record").click()
    expect(page.locator(".messages")).to_contain_text("Checked in recorded for 3 travellers")
    expect(row.locator(".board-checked-in")).to_have_text("3")  # pushed: the board was not reloaded

    family = page.locator("section", has=page.get_by_role("heading", name=re.compile(case.number)))
    family.get_by_label("Event").select_option("departed")
    family.get_by_role("button", name="Record").click()
    expect(row.locator(".board-departed")).to_have_text("3")
    assert Booking.objects.get(case=case).status == "departed"

    family = page.locator("section", has=page.get_by_role("heading", name=re.compile(case.number)))
    family.get_by_label("Event").select_option("arrived")
    family.get_by_role("button", name="Record").click()
    expect(row.locator(".board-arrived")).to_have_text("3")  # pushed again

    # The receiving agency in the destination country sees the family arrive and receives them.
    partner = browser.new_context(base_url=live_server.url, viewport={"width": 768, "height": 1024})
    reception = partner.new_page()
    sign_in(reception, "partner_usa")
    reception.goto("/movements/arrivals/")
    arrivals = reception.get_by_role("region", name="Expected arrivals")
    expect(arrivals).to_contain_text(case.number)
    expect(arrivals).to_contain_text("WCHR")
    arrivals.get_by_label("Handed over to").first.fill("Agency caseworker J. Smith")
    arrivals.get_by_role("button", name="Record hand-over").first.click()
    expect(reception.locator(".messages")).to_contain_text("Hand-over recorded.")
    assert set(case.members.values_list("person__passenger_legs__status", flat=True)) == {"handed_over"}
    assert Booking.objects.get(case=case).status == "arrived"
    partner.close()
    watcher.close()
    officer.close()


@dataclass
class Transit:
    first: Leg  # NBO-ADD, ends in transit
    second: Leg  # ADD-JFK, the onward flight
    day: dt.date


@pytest.fixture
def transit(world, movements) -> Transit:
    """A charter flying Nairobi - Addis Ababa - New York tomorrow: both legs depart on the same local
    day and the last one lands in New York that evening, so one board day shows the whole journey
    whatever the hour the test runs."""
    manager = User.objects.get(username="charter_hq")
    officer = User.objects.get(username="mo_a")
    charter = services.create_charter(actor=manager, office=world.hq, data=services.CharterInput(
        operator="Ethiopian Airlines charters", airline="ET", aircraft="B767-300", seats=200,
        cost=Decimal("185000"), contract_ref="CH-2026-117"))
    day = (airports.local("NBO", timezone.now()) + dt.timedelta(days=1)).date()
    at = dt.datetime.combine
    first = services.create_leg(actor=officer, office=world.office_a, charter=charter, data=services.LegInput(
        mode="air", carrier="ET", number="9301", departure_airport="NBO", arrival_airport="ADD",
        departure_local=at(day, dt.time(8, 0)), arrival_local=at(day, dt.time(10, 10))))
    second = services.create_leg(actor=officer, office=world.office_a, charter=charter, data=services.LegInput(
        mode="air", carrier="ET", number="9302", departure_airport="ADD", arrival_airport="JFK",
        departure_local=at(day, dt.time(12, 30)), arrival_local=at(day, dt.time(20, 45))))
    return Transit(first=first, second=second, day=day)


def test_a_family_flies_through_a_transit_stop_while_the_board_follows(browser, live_server, world, transit):
    """Booked on a two-leg charter via Addis Ababa: checked in and departed at the origin, arrived
    in transit, departed transit and arrived; a colleague's board shows each step as it happens."""
    case, first, second = world.case_a, transit.first, transit.second
    make_ready(case, transit_countries=("ETH",))
    Vulnerability.objects.create(person=case.members.first().person, code="mobility")

    watcher = browser.new_context(base_url=live_server.url, viewport={"width": 768, "height": 1024})
    board = watcher.new_page()
    sign_in(board, "charter_hq")
    board.goto(f"/movements/board/?day={transit.day}")
    expect(board.locator("#board")).to_have_attribute("data-live", "yes")
    departures = board.locator("#board-departures + .table-wrap")
    in_transit = board.locator("#board-transit + .table-wrap")
    arrivals = board.locator("#board-arrivals + .table-wrap")
    expect(departures.locator(f"tr[data-leg='{first.pk}']")).to_be_visible()
    expect(departures.locator(f"tr[data-leg='{second.pk}']")).to_be_visible()

    officer = browser.new_context(base_url=live_server.url, viewport={"width": 768, "height": 1024})
    page = officer.new_page()
    sign_in(page, "mo_a")
    page.goto(f"/movements/cases/{case.number}/book/")
    page.get_by_label("First leg").select_option(str(first.pk))
    page.get_by_label("Second leg (connection)").select_option(str(second.pk))
    page.get_by_role("button", name="Hold seats").click()
    expect(page.locator("#booking-status")).to_have_text("Held")
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.locator("#booking-status")).to_have_text("Confirmed")
    page.get_by_label("Record locator").fill("ET7TRN")
    tickets = page.get_by_label(re.compile("^Ticket: ")).all()
    assert len(tickets) == 6  # three travellers, two flights
    for i, field in enumerate(tickets):
        field.fill(f"071{i + 101:010d}")
    page.get_by_role("button", name="Record tickets").click()
    expect(page.locator("#booking-status")).to_have_text("Ticketed")

    page.goto(f"/movements/legs/{first.pk}/")
    expect(page.locator("main table").first).to_contain_text("WCHR")

    def record(leg: Leg, label: str, kind: str) -> None:
        page.goto(f"/movements/legs/{leg.pk}/check-in/")
        family = page.locator("section", has=page.get_by_role("heading", name=re.compile(case.number)))
        family.get_by_label("Event").select_option(kind)
        family.get_by_role("button", name="Record").click()
        expect(page.locator(".messages")).to_contain_text(f"{label} recorded for 3 travellers")

    record(first, "Checked in", "checked_in")
    expect(departures.locator(f"tr[data-leg='{first.pk}'] .board-checked-in")).to_have_text("3")
    record(first, "Departed", "departed")
    expect(departures.locator(f"tr[data-leg='{first.pk}'] .board-departed")).to_have_text("3")

    record(first, "Arrived in transit", "arrived_transit")
    expect(in_transit.locator(f"tr[data-leg='{first.pk}'] .board-in-transit")).to_have_text("3")
    expect(departures.locator(f"tr[data-leg='{first.pk}'] .board-departed")).to_have_text("0")

    record(second, "Departed transit", "departed_transit")
    expect(departures.locator(f"tr[data-leg='{second.pk}'] .board-departed")).to_have_text("3")
    expect(in_transit).to_contain_text("Nothing.")  # nobody waits in Addis Ababa any more
    expect(arrivals.locator(f"tr[data-leg='{first.pk}'] .board-arrived")).to_have_text("3")

    record(second, "Arrived", "arrived")
    expect(arrivals.locator(f"tr[data-leg='{second.pk}'] .board-arrived")).to_have_text("3")
    booking = Booking.objects.get(case=case)
    assert booking.status == "arrived"
    kinds = list(booking.movement_events.filter(person=case.members.first().person).values_list("kind", flat=True))
    assert kinds == ["checked_in", "departed", "arrived_transit", "departed_transit", "arrived"]

    partner = browser.new_context(base_url=live_server.url, viewport={"width": 768, "height": 1024})
    reception = partner.new_page()
    sign_in(reception, "partner_usa")
    reception.goto("/movements/arrivals/")
    expected = reception.get_by_role("region", name="Expected arrivals")
    expect(expected).to_contain_text("ET9302")
    expected.get_by_label("Handed over to").first.fill("Agency caseworker J. Smith")
    expected.get_by_role("button", name="Record hand-over").first.click()
    expect(reception.locator(".messages")).to_contain_text("Hand-over recorded.")
    assert set(booking.passenger_legs.filter(leg=second).values_list("status", flat=True)) == {"handed_over"}
    for context in (partner, watcher, officer):
        context.close()


def test_seats_on_the_seat_map_and_one_traveller_stays_behind_at_check_in(browser, live_server, world, movements):
    """On the flight page the officer seats the family on the seat map (a taken seat is refused on
    the seat field); at the check-in screen two are checked in one by one and the third, who fell
    ill, is marked a no-show with the reason, while the board counts each step."""
    from passage.movements.tests.readiness import grant_everything

    case, leg = world.case_a, movements.leg
    grant_everything(case)
    officer = User.objects.get(username="mo_a")
    booking = services.book_case(actor=officer, case=case, data=services.BookingInput(leg_ids=[leg.pk]))
    services.confirm_booking(actor=officer, booking=booking)
    services.ticket_booking(actor=officer, booking=booking, record_locator="SEAT01", tickets={
        (r.person_id, r.leg_id): f"071{i + 501:010d}" for i, r in enumerate(booking.passenger_legs.all())})
    members = list(booking.passenger_legs.select_related("person").order_by("id"))

    watcher = browser.new_context(base_url=live_server.url, viewport={"width": 768, "height": 1024})
    board = watcher.new_page()
    sign_in(board, "charter_hq")
    board.goto(f"/movements/board/?day={leg.departure_date}")
    expect(board.locator("#board")).to_have_attribute("data-live", "yes")
    row = board.locator(f"#board-departures + .table-wrap tr[data-leg='{leg.pk}']")

    context = browser.new_context(base_url=live_server.url, viewport={"width": 768, "height": 1024})
    page = context.new_page()
    sign_in(page, "mo_a")
    page.goto(f"/movements/legs/{leg.pk}/")
    seat_map = page.get_by_role("table", name=re.compile("Seat map"))
    expect(seat_map).to_contain_text("7 seats free")
    for member, seat in zip(members, ("1B", "1C", "2A"), strict=True):
        page.get_by_label("Traveller").select_option(str(member.pk))
        page.get_by_label("Seat", exact=True).fill(seat)
        page.get_by_role("button", name="Assign seat").click()
        expect(page.locator(".messages")).to_contain_text(f"Seat {seat} assigned to {member.person.full_name}")
    expect(seat_map.locator("td[data-seat='1C']")).to_contain_text(members[1].person.family_name.upper())
    expect(seat_map).to_contain_text("4 seats free")
    page.get_by_label("Traveller").select_option(str(members[2].pk))
    page.get_by_label("Seat", exact=True).fill("1A")  # the other family's seat
    page.get_by_role("button", name="Assign seat").click()
    expect(page.locator("#id_seat_error")).to_contain_text("Another passenger has this seat")

    page.goto(f"/movements/legs/{leg.pk}/check-in/")
    for member in members[:2]:
        page.get_by_role("button", name=f"Check in {member.person.full_name}").click()
        expect(page.locator(".messages")).to_contain_text("Checked in recorded for 1 travellers")
    expect(row.locator(".board-checked-in")).to_have_text("2")
    ill = members[2].person.full_name
    page.get_by_label(f"Reason for {ill} (no-show, offloaded)").fill("High fever")
    page.get_by_role("button", name=f"No-show: {ill}").click()
    expect(page.locator(".messages")).to_contain_text("No-show recorded for 1 travellers")
    family = page.locator(f"tr[data-person='{members[2].person_id}']")
    expect(family.locator(".traveller-status")).to_have_text("No-show")
    expect(row.locator("td").last).to_have_text("1")  # the board's no-show column
    assert booking.movement_events.filter(person=members[2].person).get().reason == "High fever"
    context.close()
    watcher.close()


def test_an_office_administrator_registers_a_webhook_and_retries_a_failed_delivery(page: Page, world, movements,
                                                                                  settings):
    """The secret is shown once after registering; the webhook is disabled and enabled again; a failed
    delivery is sent again to a real receiver on 127.0.0.1 and the log shows its 200."""
    from passage.movements.tests.partners import Receiver

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    receiver = Receiver([200])
    try:
        sign_in(page, "admin_a")
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Partner webhooks").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Partner webhooks")
        page.get_by_label("Managing office").select_option(str(world.office_a.pk))
        page.get_by_label("Receiving country (ISO 3166-1 alpha-3)").fill("USA")
        page.get_by_label("URL of the partner system").fill(receiver.url)
        page.get_by_label("Arrived", exact=True).check()
        page.get_by_label("Handed over", exact=True).check()
        page.get_by_role("button", name="Register webhook").click()
        hook = Webhook.objects.get(url=receiver.url)
        expect(page.locator("#webhook-secret")).to_have_text(hook.secret)
        page.reload()  # a GET of the webhook page never shows it again
        page.goto(f"/movements/webhooks/{hook.pk}/")
        expect(page.locator("#webhook-secret")).to_have_count(0)
        page.get_by_role("button", name="Disable webhook").click()
        expect(page.locator("#webhook-status")).to_have_text("Disabled")
        page.get_by_role("button", name="Enable webhook").click()
        expect(page.locator("#webhook-status")).to_have_text("Active")
        failed = WebhookDelivery.objects.create(webhook=hook, kind="arrived", payload={"event": "arrived"},
                                                status="failed", attempts=6,
                                                log=[{"at": "2026-11-27T10:00:00+00:00", "status_code": 503,
                                                      "error": "Service Unavailable"}])
        page.reload()
        row = page.locator(f"tr[data-delivery='{failed.pk}']")
        expect(row.locator(".delivery-status")).to_have_text("Failed")
        expect(row.locator(".delivery-code")).to_have_text("503")
        row.get_by_role("button", name=f"Retry delivery {failed.pk}").click()
        expect(page.locator(".messages")).to_contain_text(f"Delivery {failed.pk} sent again")
        expect(row.locator(".delivery-status")).to_have_text("Delivered")
        expect(row.locator(".delivery-code")).to_have_text("200")
        expect(row.locator(".delivery-attempts")).to_have_text("7")
        headers, _body = receiver.requests[-1]
        assert headers["X-Passage-Delivery"] == str(failed.pk)
    finally:
        receiver.close()


MOVEMENT_PAGES = [
    ("flights and legs", "mo_a", "/movements/legs/"),
    ("new leg", "mo_a", "/movements/legs/new/"),
    ("leg and manifest", "mo_a", "/movements/legs/{leg}/"),
    ("check-in screen", "mo_a", "/movements/legs/{leg}/check-in/"),
    ("book a case", "mo_a", "/movements/cases/{case}/book/"),
    ("booking", "mo_a", "/movements/bookings/{booking}/"),
    ("charters", "charter_hq", "/movements/charters/"),
    ("movement board", "charter_hq", "/movements/board/"),
    ("expected arrivals", "partner_usa", "/movements/arrivals/"),
    ("movement notifications", "mo_a", "/movements/notifications/"),
    ("partner webhooks", "admin_a", "/movements/webhooks/"),
    ("partner webhook and deliveries", "admin_a", "/movements/webhooks/{webhook}/"),
    ("partner's own webhooks", "partner_usa", "/movements/webhooks/"),
]


@pytest.mark.parametrize(("language", "direction"), LANGUAGES, ids=[code for code, _ in LANGUAGES])
@pytest.mark.parametrize(("name", "username", "path"), MOVEMENT_PAGES, ids=[p[0] for p in MOVEMENT_PAGES])
def test_movement_page_has_no_wcag_violations(axe_page: Page, world, movements, name, username, path, language,
                                              direction):
    page = axe_page
    sign_in(page, username)
    page.goto(path.format(leg=movements.leg.pk, case=world.case_a.number, booking=movements.booking.pk,
                          webhook=movements.webhook.pk))
    choose_language(page, language)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, f"the {name} page ({language}, 768px wide)")
