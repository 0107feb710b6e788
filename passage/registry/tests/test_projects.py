"""Projects and receiving partners: who keeps them (office administrators their office's, system
administrators the global ones), scoping, audit, and the case forms and API choosing only those that
fit the case's office and destination."""

from __future__ import annotations

import pytest

from passage.core.models import AuditEvent, Role
from passage.core.tests.factories import UserFactory
from passage.registry.models import Case, Project, ReceivingPartner
from passage.registry.tests.test_pages import FAMILY, register_form


@pytest.fixture
def admin_a(world):
    return UserFactory(username="admin_a", roles=[(world.office_a, Role.OFFICE_ADMIN)])


@pytest.fixture
def listed(world):
    return {
        "global": Project.objects.create(code="GLOBAL-USA", name="Global USA", destination_countries=["USA"]),
        "kenya": Project.objects.create(code="KEN-ANY", name="Kenya any", office=world.office_a),
        "jordan": Project.objects.create(code="JOR-USA", name="Jordan", office=world.office_b,
                                         destination_countries=["USA"]),
        "canada": Project.objects.create(code="GLOBAL-CAN", name="Canada", destination_countries=["CAN"]),
        "agency": ReceivingPartner.objects.create(name="USA agency", kind="agency", country="USA"),
        "sponsor": ReceivingPartner.objects.create(name="Canada sponsor", kind="sponsor", country="CAN"),
        "jordan_agency": ReceivingPartner.objects.create(name="Jordan's agency", kind="agency", country="USA",
                                                         office=world.office_b),
    }


# --- API: keeping projects and partners -------------------------------------------------------

@pytest.mark.django_db
def test_office_admin_creates_a_project_of_their_office_audited(world, api_client, admin_a):
    response = api_client(admin_a).post("/api/v1/projects", {
        "code": "ken-usrap", "name": "USRAP Kenya", "donor": "PRM", "destination_countries": ["usa", "CAN"],
        "office_id": world.office_a.pk}, content_type="application/json")
    assert response.status_code == 201, response.content
    project = Project.objects.get(code="KEN-USRAP")
    assert project.destination_countries == ["CAN", "USA"] and project.office == world.office_a
    event = AuditEvent.objects.get(action="project.create", object_id=str(project.pk))
    assert event.actor == admin_a and event.office_id == world.office_a.pk


@pytest.mark.django_db
def test_global_projects_are_for_system_administrators(world, api_client, admin_a):
    body = {"code": "G1", "name": "Global", "destination_countries": []}
    refused = api_client(admin_a).post("/api/v1/projects", body, content_type="application/json")
    assert refused.status_code == 403
    assert api_client(world.sysadmin).post("/api/v1/projects", body, content_type="application/json").status_code == 201


@pytest.mark.django_db
def test_caseworkers_read_but_do_not_keep_projects(world, api_client, listed):
    client = api_client(world.caseworker_a)
    codes = {p["code"] for p in client.get("/api/v1/projects").json()["items"]}
    assert codes == {"GLOBAL-USA", "KEN-ANY", "GLOBAL-CAN"}
    response = client.patch(f"/api/v1/projects/{listed['kenya'].pk}", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert client.get(f"/api/v1/projects/{listed['jordan'].pk}").status_code == 404
    assert api_client(world.partner_usa).get("/api/v1/projects").json()["items"] == []


@pytest.mark.django_db
def test_project_refusals_name_the_field(world, api_client, admin_a, listed):
    client = api_client(admin_a)
    bad_country = client.post("/api/v1/projects", {"code": "X", "name": "X", "destination_countries": ["XXX"],
                                                   "office_id": world.office_a.pk}, content_type="application/json")
    assert bad_country.status_code == 422
    assert bad_country.json()["errors"][0]["field"].startswith("destination_countries")
    taken = client.post("/api/v1/projects", {"code": "ken-any", "name": "again", "office_id": world.office_a.pk},
                        content_type="application/json")
    assert taken.status_code == 409 and taken.json()["errors"][0]["field"] == "code"
    updated = client.patch(f"/api/v1/projects/{listed['kenya'].pk}", {"is_active": False, "donor": "ECHO"},
                           content_type="application/json")
    assert updated.status_code == 200 and updated.json()["is_active"] is False
    assert AuditEvent.objects.filter(action="project.update", object_id=str(listed["kenya"].pk)).exists()


@pytest.mark.django_db
def test_receiving_partners_kept_per_office_and_listed_by_country(world, api_client, admin_a, listed):
    client = api_client(admin_a)
    created = client.post("/api/v1/receiving-partners", {"name": "Sponsor circle", "kind": "sponsor", "country": "can",
                                                         "office_id": world.office_a.pk}, content_type="application/json")
    assert created.status_code == 201 and created.json()["country"] == "CAN"
    assert AuditEvent.objects.filter(action="receiving_partner.create").exists()
    twice = client.post("/api/v1/receiving-partners", {"name": "Sponsor circle", "kind": "sponsor", "country": "CAN",
                                                       "office_id": world.office_a.pk}, content_type="application/json")
    assert twice.status_code == 409 and twice.json()["errors"][0]["field"] == "name"
    names = {p["name"] for p in client.get("/api/v1/receiving-partners?country=CAN").json()["items"]}
    assert names == {"Canada sponsor", "Sponsor circle"}
    global_edit = client.patch(f"/api/v1/receiving-partners/{listed['agency'].pk}", {"name": "x"},
                               content_type="application/json")
    assert global_edit.status_code == 403


# --- Cases choose only what fits --------------------------------------------------------------

@pytest.mark.django_db
def test_a_case_takes_a_project_and_partner_that_fit_and_refuses_others_naming_the_field(world, api_client, listed):
    client = api_client(world.caseworker_a)
    url = f"/api/v1/cases/{world.case_a.number}"  # office A, bound for USA
    ok = client.patch(url, {"project_code": "GLOBAL-USA", "receiving_partner_id": listed["agency"].pk},
                      content_type="application/json")
    assert ok.status_code == 200 and ok.json()["project"] == "GLOBAL-USA"
    for body, field in [({"project_code": "GLOBAL-CAN"}, "project_code"),
                        ({"project_code": "JOR-USA"}, "project_code"),
                        ({"receiving_partner_id": listed["sponsor"].pk}, "receiving_partner_id"),
                        ({"receiving_partner_id": listed["jordan_agency"].pk}, "receiving_partner_id"),
                        ({"destination_country": "CAN"}, "project_code")]:
        response = client.patch(url, body, content_type="application/json")
        assert response.status_code == 422, body
        assert response.json()["errors"][0]["field"] == field, body
    cleared = client.patch(url, {"project_code": "", "receiving_partner_id": None}, content_type="application/json")
    assert cleared.json()["project"] is None and cleared.json()["receiving_partner"] is None


@pytest.mark.django_db
def test_sub_office_cases_may_use_their_parent_offices_project(world, api_client, listed):
    client = api_client(UserFactory(username="cw_sub", roles=[(world.sub_a, Role.CASEWORKER)]))
    response = client.patch(f"/api/v1/cases/{world.case_sub.number}", {"project_code": "KEN-ANY"},
                            content_type="application/json")
    assert response.status_code == 200, response.content


@pytest.mark.django_db
def test_edit_form_lists_only_fitting_projects_and_partners_and_saves_the_choice(world, client, listed):
    client.force_login(world.caseworker_a)
    page = client.get(f"/cases/{world.case_a.number}/edit/").content.decode()
    assert "GLOBAL-USA" in page and "KEN-ANY" in page and "USA agency" in page
    assert "GLOBAL-CAN" not in page and "JOR-USA" not in page and "Canada sponsor" not in page
    assert "Jordan&#x27;s agency" not in page
    response = client.post(f"/cases/{world.case_a.number}/edit/", {
        "programme": world.case_a.programme, "destination_country": "USA", "project_code": "KEN-ANY",
        "receiving_partner_id": str(listed["agency"].pk), "unhcr_case_id": world.case_a.unhcr_case_id,
        "government_ref": world.case_a.government_ref})
    assert response.status_code == 302
    case = Case.objects.get(pk=world.case_a.pk)
    assert case.project == listed["kenya"] and case.receiving_partner == listed["agency"]


@pytest.mark.django_db
def test_register_form_saves_project_and_partner(world, client, listed):
    client.force_login(world.caseworker_a)
    page = client.get("/cases/new/").content.decode()
    assert 'name="project_code"' in page and "JOR-USA" not in page
    client.post("/cases/new/", register_form(world.office_a, FAMILY, project_code="GLOBAL-USA",
                                             receiving_partner_id=str(listed["agency"].pk)))
    case = Case.objects.get(project__code="GLOBAL-USA")
    assert case.receiving_partner == listed["agency"]


# --- Pages ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_office_admin_adds_and_edits_a_project_through_the_pages(world, client, admin_a, listed):
    client.force_login(admin_a)
    assert client.get("/projects/").status_code == 200
    form = client.get("/projects/new/").content.decode()
    assert "Global: every office may use it" not in form
    bad = client.post("/projects/new/", {"code": "KEN-2", "name": "Second", "destination_countries": "USA, XXZ",
                                         "is_active": "on", "office_id": str(world.office_a.pk)})
    assert bad.status_code == 200 and "id_destination_countries_error" in bad.content.decode()
    assert not Project.objects.filter(code="KEN-2").exists()
    ok = client.post("/projects/new/", {"code": "KEN-2", "name": "Second", "destination_countries": "USA, CAN",
                                        "is_active": "on", "office_id": str(world.office_a.pk)})
    assert ok.status_code == 302
    project = Project.objects.get(code="KEN-2")
    assert project.destination_countries == ["CAN", "USA"]
    edited = client.post(f"/projects/{project.pk}/edit/", {"name": "Second, renamed", "destination_countries": "USA"})
    assert edited.status_code == 302
    project.refresh_from_db()
    assert project.name == "Second, renamed" and not project.is_active and project.destination_countries == ["USA"]


@pytest.mark.django_db
def test_caseworker_reads_the_lists_but_may_not_add(world, client, listed):
    client.force_login(world.caseworker_a)
    page = client.get("/receiving-partners/").content.decode()
    assert "USA agency" in page and "Jordan&#x27;s agency" not in page and "/receiving-partners/new/" not in page
    assert client.get("/receiving-partners/new/").status_code == 403
    assert client.get(f"/receiving-partners/{listed['jordan_agency'].pk}/edit/").status_code == 404


@pytest.mark.django_db
def test_system_admin_adds_a_global_partner_through_the_page(world, client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=world.sysadmin, name="app", confirmed=True)
    client.force_login(world.sysadmin)
    session = client.session
    session["otp_device_id"] = device.persistent_id  # a session verified with the second factor
    session.save()
    response = client.post("/receiving-partners/new/", {"name": "State reception", "kind": "authority",
                                                         "country": "DEU", "is_active": "on", "office_id": ""})
    assert response.status_code == 302
    partner = ReceivingPartner.objects.get(name="State reception")
    assert partner.office is None and AuditEvent.objects.filter(action="receiving_partner.create").exists()
