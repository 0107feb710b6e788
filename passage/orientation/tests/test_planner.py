"""The planner proposes courses inside the 14 days before departure for people whose case waits only
for orientation, grouped by language, destination and audience; accepting creates course and enrolments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from passage.orientation.models import Course
from passage.orientation.planner import propose
from passage.readiness.engine import recompute
from passage.registry.models import Clearance


def _everything_but_orientation(case, start, until):
    Clearance.objects.create(case=case, kind="case_approval", status="granted", valid_from=start)
    Clearance.objects.create(case=case, kind="reception_assurance", status="granted", valid_from=start)
    for member in case.members.all():
        for kind in ("security_check", "exit_permit", "visa", "health"):
            Clearance.objects.create(case=case, person=member.person, kind=kind, status="granted", valid_from=start,
                                     valid_until=until)
    recompute([case.pk])


@pytest.mark.django_db
def test_planner_proposes_a_course_before_departure_and_accepting_enrols(world, training, client):
    today = timezone.localdate()
    departure = today + dt.timedelta(days=20)
    _everything_but_orientation(training.family, departure, departure + dt.timedelta(days=60))
    proposals = propose(office=world.office_a, office_ids=[world.office_a.pk, world.sub_a.pk], today=today, weeks=4)
    adults = [p for p in proposals if p.audience == "adults"]
    assert len(adults) == 1
    proposal = adults[0]
    assert (proposal.language, proposal.destination) == ("som", "USA")
    assert {p.name for p in proposal.participants} == {"Amina Ali Yusuf", "Abdi Ali Yusuf"}
    assert departure - dt.timedelta(days=14) <= proposal.days[0] and proposal.days[-1] < departure
    assert proposal.trainer == training.trainer
    assert not any(p.audience == "children" for p in proposals)  # under the rule's orientation age (15)

    client.force_login(training.trainer)
    page = client.get("/orientation/planner/").content.decode()
    assert "Amina Ali Yusuf" in page
    refused = client.post("/orientation/planner/", {"key": proposal.key, "office": world.office_a.pk,
                                                   "first_day": proposal.days[0].isoformat(), "place": "",
                                                   "trainer": training.trainer.pk})
    assert "Say where the course is held." in refused.content.decode()
    response = client.post("/orientation/planner/", {"key": proposal.key, "office": world.office_a.pk,
                                                    "first_day": proposal.days[0].isoformat(), "place": "Kakuma",
                                                    "trainer": training.trainer.pk})
    assert response.status_code == 302
    course = Course.objects.exclude(pk=training.course.pk).get()
    assert course.enrolments.count() == 2
    # Enrolled people are not proposed again.
    assert not [p for p in propose(office=world.office_a, office_ids=[world.office_a.pk], today=today, weeks=4)
                if p.audience == "adults"]
