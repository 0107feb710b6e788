"""Fixtures shared by the whole suite: a small world of offices, users of each kind and cases."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation

from passage.core import services
from passage.core.models import Office, Role, User
from passage.core.tests.factories import CaseFactory, OfficeFactory, RegionFactory, UserFactory
from passage.registry.models import Case


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On SQLite, test in a file as production does, not in a shared in-memory connection: the
    browser tests' live server answers several requests at once (a page and its live board), and
    one connection shared between threads fails with "cannot start a transaction within a
    transaction"; a file gives each thread its own connection, with WAL and the busy timeout."""
    database = django_settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        name = Path(django_settings.DATA_DIR) / f"test-{os.getpid()}.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Argon2 is the production hasher (asserted in core/tests/test_auth.py); tests hash cheaply.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_after_each_test():
    # LocaleMiddleware leaves a request's language active in the thread after the response; a later
    # test that calls a service directly must not receive its refusal in the previous test's language.
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _reset_axes(db):
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


@dataclass
class World:
    hq: Office
    office_a: Office
    sub_a: Office
    office_b: Office
    caseworker_a: User
    caseworker_b: User
    compliance_hq: User
    compliance_b: User
    sysadmin: User
    partner_usa: User
    no_role: User
    case_a: Case
    case_sub: Case
    case_b: Case


@pytest.fixture
def world(db) -> World:
    region = RegionFactory(code="east", name="East")
    hq = OfficeFactory(code="HQ", name="Headquarters", kind=Office.Kind.HEADQUARTERS, country="CHE", region=None)
    office_a = OfficeFactory(code="CO-KEN", name="Kenya", country="KEN", region=region, parent=hq)
    sub_a = OfficeFactory(code="SO-KAK", name="Kakuma", kind=Office.Kind.SUB_OFFICE, country="KEN", region=region,
                          parent=office_a)
    office_b = OfficeFactory(code="CO-JOR", name="Jordan", country="JOR", region=region, parent=hq)
    return World(
        hq=hq, office_a=office_a, sub_a=sub_a, office_b=office_b,
        caseworker_a=UserFactory(username="cw_a", roles=[(office_a, Role.CASEWORKER)]),
        caseworker_b=UserFactory(username="cw_b", roles=[(office_b, Role.CASEWORKER)]),
        compliance_hq=UserFactory(username="compliance_hq", roles=[(hq, Role.COMPLIANCE_OFFICER)]),
        compliance_b=UserFactory(username="compliance_b", roles=[(office_b, Role.COMPLIANCE_OFFICER)]),
        sysadmin=UserFactory(username="sysadmin", roles=[(hq, Role.SYSTEM_ADMIN)]),
        partner_usa=UserFactory(username="partner_usa", partner_country="USA", partner_organisation="Agency"),
        no_role=UserFactory(username="nobody"),
        case_a=CaseFactory(number="KEN-2026-000001", office=office_a, destination_country="USA", members=3),
        case_sub=CaseFactory(number="KEN-2026-000002", office=sub_a, destination_country="CAN", members=1),
        case_b=CaseFactory(number="JOR-2026-000001", office=office_b, destination_country="USA", members=2),
    )


def token_for(user: User) -> str:
    return services.create_api_token(actor=user, name="test").secret


@pytest.fixture
def api_client():
    """A client that calls the API as a user through a personal token: api_client(user).get(...)."""

    def make(user: User | None = None) -> Client:
        if user is None:
            return Client()
        return Client(headers={"Authorization": f"Bearer {token_for(user)}"})

    return make
