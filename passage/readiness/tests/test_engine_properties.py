"""Property tests of the window arithmetic: the window is exactly the intersection of the required
validity, a valid clearance added never shrinks it, and one that expires never widens it."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from passage.readiness.engine import Grant, Member, compute_readiness
from passage.readiness.intervals import covers
from passage.readiness.rules import Requirement, RuleSet

BASE = dt.date(2027, 1, 1)
AS_OF = BASE  # the windows are those not ended on this day
HORIZON = 60
KINDS = ("visa", "exit_permit", "security_check")
MEMBERS = (Member(1, "Amina Yusuf", dt.date(1990, 1, 1)), Member(2, "Abdi Yusuf", dt.date(2015, 1, 1)))
RULE = RuleSet(requirements=tuple(Requirement(kind) for kind in KINDS) + (Requirement("case_approval", per="case"),),
               travel_days=0)


def _day(offset: int) -> dt.date:
    return BASE + dt.timedelta(days=offset)


@st.composite
def grants(draw):
    kind = draw(st.sampled_from((*KINDS, "case_approval")))
    person = None if kind == "case_approval" else draw(st.sampled_from((1, 2)))
    start = draw(st.integers(0, HORIZON))
    end = draw(st.one_of(st.none(), st.integers(start, HORIZON)))
    status = draw(st.sampled_from(("granted", "granted", "granted", "pending", "refused")))
    return Grant(kind=kind, status=status, person_id=person, valid_from=_day(start),
                 valid_until=None if end is None else _day(end))


def _valid_on(grant: Grant, day: dt.date) -> bool:
    return (grant.status == "granted" and grant.valid_from <= day
            and (grant.valid_until is None or day <= grant.valid_until))


def _ready_on(rows: list[Grant], day: dt.date) -> bool:
    """The definition, by brute force: every requirement of every subject holds that day."""
    needs = [(kind, m.person_id) for kind in KINDS for m in MEMBERS] + [("case_approval", None)]
    return all(any(g.kind == kind and g.person_id == pid and _valid_on(g, day) for g in rows) for kind, pid in needs)


def _window_days(rows: list[Grant]) -> set[dt.date]:
    result = compute_readiness(rule=RULE, members=MEMBERS, grants=rows, as_of=AS_OF)
    return {_day(i) for i in range(HORIZON + 2) if covers(result.windows, _day(i))}


@settings(max_examples=300, deadline=None)
@given(st.lists(grants(), max_size=18))
def test_the_window_is_exactly_the_intersection(rows):
    result = compute_readiness(rule=RULE, members=MEMBERS, grants=rows, as_of=AS_OF)
    for i in range(HORIZON + 2):
        assert covers(result.windows, _day(i)) == _ready_on(rows, _day(i)), _day(i)
    assert (result.status == "ready") == bool(result.windows)
    if result.status == "blocked":
        assert any(b.blocking for b in result.blockers)


@settings(max_examples=200, deadline=None)
@given(st.lists(grants(), max_size=18), grants())
def test_adding_a_valid_clearance_never_shrinks_the_window(rows, extra):
    extra = Grant(extra.kind, "granted", extra.person_id, extra.valid_from, extra.valid_until)
    assert _window_days(rows) <= _window_days([*rows, extra])


@settings(max_examples=200, deadline=None)
@given(st.lists(grants(), min_size=1, max_size=18), st.data())
def test_expiring_a_clearance_never_widens_the_window(rows, data):
    index = data.draw(st.integers(0, len(rows) - 1))
    old = rows[index]
    new_end = data.draw(st.integers(-5, HORIZON))
    cut = min(_day(new_end), old.valid_until or dt.date.max)
    expired = Grant(old.kind, old.status, old.person_id, old.valid_from,
                    cut if cut >= old.valid_from else old.valid_from)
    if cut < old.valid_from:
        expired = Grant(old.kind, "withdrawn", old.person_id, old.valid_from, old.valid_from)
    assert _window_days([*rows[:index], expired, *rows[index + 1:]]) <= _window_days(rows)
