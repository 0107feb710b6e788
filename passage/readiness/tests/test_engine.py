"""The engine on examples: blockers say what is missing, expired or expiring and who acts; the age
rule; arrival margins; and check_travel's sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from passage.core.errors import DomainError
from passage.readiness.engine import Grant, Member, check_travel, compute_readiness
from passage.readiness.rules import Requirement, RuleSet, parse_requirements
from passage.registry.models import Clearance

D = dt.date
ADULT = Member(1, "Amina Yusuf", D(1990, 5, 1))
CHILD = Member(2, "Hodan Yusuf", D(2020, 5, 1))
AS_OF = D(2027, 1, 1)


def _rule(*requirements, travel_days=2):
    return RuleSet(requirements=tuple(requirements), travel_days=travel_days)


def test_window_is_where_all_members_clearances_overlap():
    rule = _rule(Requirement("visa"), Requirement("case_approval", per="case"))
    grants = [Grant("visa", "granted", 1, D(2027, 1, 5), D(2027, 3, 1)),
              Grant("visa", "granted", 2, D(2026, 12, 1), D(2027, 2, 10)),
              Grant("case_approval", "granted", None, D(2026, 6, 1), None)]
    result = compute_readiness(rule=rule, members=[ADULT, CHILD], grants=grants, as_of=AS_OF)
    assert result.status == "ready"
    assert result.windows == [(D(2027, 1, 5), D(2027, 2, 10))]
    assert [(b.kind, b.problem, b.date) for b in result.blockers] == [("visa", "not_yet_valid", "2027-01-05")]


def test_blockers_name_member_problem_and_who_acts():
    rule = _rule(Requirement("visa"), Requirement("health"), Requirement("exit_permit"), Requirement("security_check"))
    grants = [Grant("visa", "refused", 1), Grant("health", "pending", 1),
              Grant("exit_permit", "granted", 1, D(2026, 10, 1), D(2026, 12, 20)),
              Grant("security_check", "granted", 1, D(2026, 10, 1), D(2027, 1, 10))]
    result = compute_readiness(rule=rule, members=[ADULT], grants=grants, as_of=AS_OF)
    assert result.status == "blocked" and result.windows == []
    found = {(b.kind, b.problem, b.actor, b.person, b.blocking) for b in result.blockers}
    assert found == {
        ("visa", "refused", "caseworker", "Amina Yusuf", True),
        ("health", "pending", "medical_officer", "Amina Yusuf", True),
        ("exit_permit", "expired", "caseworker", "Amina Yusuf", True),
        ("security_check", "expiring", "caseworker", "Amina Yusuf", False),
    }
    assert result.reason == "visa:refused"


def test_missing_orientation_blocks_only_members_of_the_age():
    rule = _rule(Requirement("orientation", min_age=15))
    result = compute_readiness(rule=rule, members=[ADULT, CHILD], grants=[], as_of=AS_OF)
    assert [(b.person, b.problem, b.actor) for b in result.blockers] == [("Amina Yusuf", "missing", "trainer")]


def test_valid_on_arrival_shortens_the_window_by_the_travel_days():
    rule = _rule(Requirement("visa", valid_on_arrival=True), travel_days=3)
    grants = [Grant("visa", "granted", 1, D(2027, 1, 1), D(2027, 1, 31))]
    result = compute_readiness(rule=rule, members=[ADULT], grants=grants, as_of=AS_OF)
    assert result.windows == [(D(2027, 1, 1), D(2027, 1, 28))]


def test_inactive_and_on_hold_cases():
    rule = _rule(Requirement("visa"))
    assert compute_readiness(rule=rule, members=[ADULT], grants=[], as_of=AS_OF, case_status="departed").status \
        == "inactive"
    held = compute_readiness(rule=rule, members=[ADULT], grants=[Grant("visa", "granted", 1, D(2026, 1, 1))],
                             as_of=AS_OF, case_status="on_hold")
    assert held.status == "blocked" and held.reason == "case:on_hold"


def test_clearances_that_never_overlap_block_with_their_own_reason():
    rule = _rule(Requirement("visa"), Requirement("exit_permit"))
    grants = [Grant("visa", "granted", 1, D(2027, 1, 1), D(2027, 1, 31)),
              Grant("exit_permit", "granted", 1, D(2027, 2, 1), D(2027, 2, 28))]
    result = compute_readiness(rule=rule, members=[ADULT], grants=grants, as_of=AS_OF)
    assert result.status == "blocked" and result.reason == "case:no_common_window"


def test_a_rule_naming_an_unknown_clearance_kind_is_refused_naming_the_field():
    with pytest.raises(DomainError) as exc:
        parse_requirements([{"kind": "visa"}, {"kind": "vaccination"}])
    assert exc.value.field == "requirements.1.kind"
    with pytest.raises(DomainError) as exc:
        parse_requirements([{"kind": "visa", "per": "household"}])
    assert exc.value.field == "requirements.0.per"


def _grant(case, person, kind, start, end=None, status="granted", transit=""):
    return Clearance.objects.create(case=case, person=person, kind=kind, status=status, valid_from=start,
                                    valid_until=end, transit_country=transit)


@pytest.mark.django_db
def test_check_travel_names_what_fails_for_the_journey(world):
    case = world.case_a  # bound for the USA: the seeded rule
    members = [m.person for m in case.members.order_by("pk")]
    for p in members:
        p.given_name, p.family_name, p.date_of_birth = "Amina", "Yusuf", D(1990, 1, 1)
        p.save()
    start = D(2026, 12, 1)
    _grant(case, None, "case_approval", start)
    _grant(case, None, "reception_assurance", start)
    for p in members:
        for kind in ("security_check", "exit_permit", "health", "orientation"):
            _grant(case, p, kind, start, D(2027, 6, 1))
        _grant(case, p, "visa", start, D(2027, 1, 3) if p == members[0] else D(2027, 6, 1))
        _grant(case, p, "transit_waiver", start, D(2027, 6, 1), transit="QAT")
    check = check_travel(case, D(2027, 1, 2), D(2027, 1, 5), ["QAT", "ARE"])
    assert not check.ok
    assert "Visa of Amina Yusuf expires 2027-01-03, before arrival on 2027-01-05" in check.problems
    assert sum("Transit waiver for ARE" in p and "missing" in p for p in check.problems) == len(members)
    assert not any("QAT" in p for p in check.problems)
    assert check_travel(case, D(2027, 1, 1), D(2027, 1, 2), ["QAT"]).ok
    with pytest.raises(DomainError) as exc:
        check_travel(case, D(2027, 1, 5), D(2027, 1, 2))
    assert exc.value.field == "arrival"
