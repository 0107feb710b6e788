"""The demo world: deterministic, shaped like the caseload, and safe to run only in development."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from passage.core.models import Membership, Office, Role, User
from passage.demo.seeding import seed_demo
from passage.demo.world import STAFF
from passage.registry.models import Case, CaseMember, Person

AS_OF = dt.date(2026, 11, 1)


def _snapshot():
    return list(Person.objects.order_by("id").values_list(
        "given_name", "family_name", "native_given_name", "sex", "date_of_birth", "nationality"))


@pytest.mark.django_db
def test_same_seed_gives_the_same_world():
    with transaction.atomic():
        seed_demo(cases=40, seed=7, as_of=AS_OF)
        first = _snapshot()
        first_cases = list(Case.objects.order_by("id").values_list("number", "programme", "destination_country"))
        transaction.set_rollback(True)
    seed_demo(cases=40, seed=7, as_of=AS_OF)
    assert _snapshot() == first
    assert list(Case.objects.order_by("id").values_list("number", "programme", "destination_country")) == first_cases


@pytest.mark.django_db
def test_world_has_offices_and_a_user_for_every_role():
    seed_demo(cases=0, seed=1, as_of=AS_OF)
    assert Office.objects.count() >= 40
    assert Office.objects.filter(kind=Office.Kind.HEADQUARTERS).count() == 1
    assert {m.role for m in Membership.objects.all()} == set(Role.values)
    assert User.objects.filter(partner_country="USA").exists()
    assert User.objects.filter(username__in=[s[0] for s in STAFF]).count() == len(STAFF)


@pytest.mark.django_db
def test_cases_look_like_the_caseload():
    seed_demo(cases=600, seed=3, as_of=AS_OF)
    principals = Counter(CaseMember.objects.filter(relationship="PA").values_list("case_id", flat=True))
    assert len(principals) == 600 and set(principals.values()) == {1}
    persons = Person.objects.count()
    assert 3.6 <= persons / 600 <= 5.2  # about 4.4 persons a case
    sexes = Counter(Person.objects.values_list("sex", flat=True))
    assert 0.45 <= sexes["M"] / persons <= 0.58
    jan_first = Person.objects.filter(date_of_birth__month=1, date_of_birth__day=1).count()
    assert 0.12 <= jan_first / persons <= 0.30  # unknown birthdays recorded as 1 January
    assert Person.objects.exclude(native_given_name="").filter(nationality="SYR").exists()
    assert Person.objects.filter(nationality="ERI").exclude(native_family_name="").exists()
    children = Person.objects.filter(date_of_birth__gt=dt.date(2008, 11, 1)).count()
    assert 0.25 <= children / persons <= 0.6
    for number in Case.objects.values_list("number", flat=True)[:50]:
        country, year, seq = number.split("-")
        assert len(country) == 3 and len(year) == 4 and len(seq) == 6


@pytest.mark.django_db
def test_seed_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo", "--cases", "1")
    assert not Case.objects.exists()
    call_command("seed_demo", "--cases", "1", "--force")
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_if_empty_adds_nothing_to_an_existing_world(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--cases", "3")
    call_command("seed_demo", "--cases", "3", "--if-empty")
    assert Case.objects.count() == 3
    call_command("seed_demo", "--cases", "2")  # a second run continues the case numbers
    assert Case.objects.count() == 5 and Case.objects.values("number").distinct().count() == 5


@pytest.mark.django_db
def test_seeding_continues_after_numbers_made_outside_the_sequence(world):
    # world's cases are KEN-2026-000001/2 and JOR-2026-000001, made without the sequence table
    seed_demo(cases=200, seed=2, as_of=dt.date(2026, 11, 1))
    assert Case.objects.values("number").distinct().count() == Case.objects.count() == 203
