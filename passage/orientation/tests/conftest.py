from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from passage.core.models import Role
from passage.core.tests.factories import CaseFactory, PersonFactory, UserFactory
from passage.orientation import services
from passage.orientation.models import Audience, Curriculum, default_curriculum
from passage.orientation.schemas import CourseIn
from passage.registry.models import CaseMember


@dataclass
class Training:
    trainer: object
    curriculum: Curriculum
    course: object
    family: object  # a case with two adults and a child, speaking Somali
    adult: object
    spouse: object
    child: object


def make_course(trainer, office, curriculum, *, first, language="som", capacity=25):
    days = [first + dt.timedelta(days=i) for i in range(curriculum.days)]
    return services.create_course(actor=trainer, data=CourseIn(
        curriculum_id=curriculum.pk, office_id=office.pk, language=language, place="Kakuma", days=days,
        capacity=capacity, trainer_ids=[trainer.pk]))


@pytest.fixture
def training(world):
    trainer = UserFactory(username="trainer_a", roles=[(world.office_a, Role.TRAINER)])
    curriculum = default_curriculum(Audience.ADULTS)
    course = make_course(trainer, world.office_a, curriculum, first=timezone.localdate() + dt.timedelta(days=2))
    family = CaseFactory(number="KEN-2026-000101", office=world.office_a, destination_country="USA")
    people = []
    for relationship, name, born in (("PA", "Amina", dt.date(1985, 3, 1)), ("spouse", "Abdi", dt.date(1983, 6, 1)),
                                     ("child", "Hodan", dt.date(2016, 2, 1))):
        person = PersonFactory(office=world.office_a, given_name=name, family_name="Yusuf", date_of_birth=born,
                               preferred_language="som", languages=["som"])
        CaseMember.objects.create(case=family, person=person, relationship=relationship, joined_on=family.registered_on)
        people.append(person)
    return Training(trainer, curriculum, course, family, *people)
