"""factory-boy factories shared by every app's tests."""

from __future__ import annotations

import datetime as dt

import factory

from passage.core.models import Membership, Office, Region, User
from passage.registry.models import Case, CaseMember, Person, Programme


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"region-{n}")
    name = factory.Sequence(lambda n: f"Region {n}")


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    code = factory.Sequence(lambda n: f"OF-{n:04d}")
    name = factory.Sequence(lambda n: f"Office {n}")
    kind = Office.Kind.COUNTRY
    country = "KEN"
    region = factory.SubFactory(RegionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """roles=[(office, role), ...]"""
        for office, role in extracted or ():
            Membership.objects.create(user=self, office=office, role=role)
        if create:
            self.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    office = factory.SubFactory(OfficeFactory)
    given_name = factory.Iterator(["Mohammed", "Fatima", "Abdi", "Senait"])
    middle_name = "Ali"
    family_name = factory.Iterator(["Haddad", "Warsame", "Tesfamariam"])
    native_given_name = ""
    sex = factory.Iterator(["M", "F"])
    date_of_birth = dt.date(1990, 1, 1)
    nationality = "SOM"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"KEN-2026-{n:06d}")
    office = factory.SubFactory(OfficeFactory)
    programme = Programme.RESETTLEMENT
    destination_country = "USA"
    registered_on = dt.date(2026, 1, 15)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        """members=N adds a principal applicant and N-1 children."""
        for i in range(extracted or 0):
            person = PersonFactory(office=self.office)
            relationship = CaseMember.Relationship.PRINCIPAL if i == 0 else CaseMember.Relationship.CHILD
            CaseMember.objects.create(case=self, person=person, relationship=relationship, joined_on=self.registered_on)
