"""The case registry pages: registering a family through the form, errors on the right field with
nothing written, the case page (timeline, history, notes, audit), the small action forms, expedite
decisions by a supervisor, scoping, and bounded query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from passage.core.models import AuditEvent, Role
from passage.core.tests.factories import CaseFactory, UserFactory
from passage.core.tests.test_pages_and_paging import assert_bounded_queries
from passage.registry import records, services
from passage.registry.models import (
    Case,
    CaseEvent,
    CaseMember,
    CaseNote,
    Clearance,
    ExpediteRequest,
    IdentityDocument,
    Person,
)
from passage.registry.schemas import ClearanceIn, NoteIn

FAMILY = [
    {"relationship": "PA", "given_name": "Abdirahman", "middle_name": "Hassan", "family_name": "Warsame", "sex": "M",
     "date_of_birth": "1984-01-01", "dob_precision": "year", "nationality": "SOM", "preferred_language": "som",
     "native_given_name": "", "country_of_birth": "SOM"},
    {"relationship": "spouse", "given_name": "Hodan", "middle_name": "Ali", "family_name": "Farah", "sex": "F",
     "date_of_birth": "1988-05-12", "dob_precision": "exact", "nationality": "SOM"},
    {"relationship": "child", "given_name": "Ayaan", "middle_name": "Abdirahman", "family_name": "Warsame", "sex": "F",
     "date_of_birth": "2012-09-03", "dob_precision": "exact", "nationality": "SOM"},
    {"relationship": "child", "given_name": "Liban", "middle_name": "Abdirahman", "family_name": "Warsame", "sex": "M",
     "date_of_birth": "2016-02-20", "dob_precision": "exact", "nationality": "KEN"},
]


def register_form(office, members=FAMILY, **case) -> dict:
    data = {"office_id": office.pk, "programme": "resettlement", "destination_country": "USA", "priority": "normal",
            "unhcr_case_id": "", "government_ref": "", "registered_on": "",
            "members-TOTAL_FORMS": str(len(members)), "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "1", "members-MAX_NUM_FORMS": "40", **case}
    for i, member in enumerate(members):
        row = {"middle_name": "", "family_name": "", "native_given_name": "", "native_middle_name": "",
               "native_family_name": "", "dob_precision": "exact", "country_of_birth": "", "preferred_language": "",
               "phone": "", "unhcr_individual_id": "", **member}
        data.update({f"members-{i}-{name}": value for name, value in row.items()})
    return data


@pytest.fixture
def admin_a(world):
    return UserFactory(username="admin_a", roles=[(world.office_a, Role.OFFICE_ADMIN)])


# --- Registering ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_registering_a_family_of_four_writes_the_case_members_event_and_audit(world, client):
    client.force_login(world.caseworker_a)
    assert client.get("/cases/new/").status_code == 200

    response = client.post("/cases/new/", register_form(world.office_a), follow=True)

    case = Case.objects.exclude(pk__in=[world.case_a.pk, world.case_sub.pk, world.case_b.pk]).get()
    assert response.redirect_chain[-1][0] == f"/cases/{case.number}/"
    assert case.number.startswith("KEN-") and case.office == world.office_a and case.destination_country == "USA"
    members = CaseMember.objects.filter(case=case).select_related("person").order_by("id")
    assert [m.person.given_name for m in members] == ["Abdirahman", "Hodan", "Ayaan", "Liban"]
    assert [m.relationship for m in members] == ["PA", "spouse", "child", "child"]
    assert members[0].person.dob_precision == "year" and members[0].person.preferred_language == "som"
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.REGISTERED).count() == 1
    assert AuditEvent.objects.filter(action="case.register", object_id=str(case.pk), actor=world.caseworker_a).exists()
    page = response.content.decode()
    assert f"Case {case.number} registered with 4 members." in page
    assert "Hodan Ali Farah" in page


@pytest.mark.django_db
def test_service_warnings_are_shown_after_saving(world, client):
    client.force_login(world.caseworker_a)
    adult_child = [FAMILY[0], {**FAMILY[2], "date_of_birth": "2004-01-01"}]

    page = client.post("/cases/new/", register_form(world.office_a, members=adult_child), follow=True).content.decode()

    assert "Member 2 (Ayaan Warsame): An adult child on the case" in page
    assert 'class="message warning"' in page


@pytest.mark.django_db
def test_a_child_older_than_the_principal_is_refused_on_that_members_date_and_nothing_is_written(world, client):
    client.force_login(world.caseworker_a)
    family = [*FAMILY[:3], {**FAMILY[3], "date_of_birth": "1970-01-01"}]
    before = (Case.objects.count(), CaseMember.objects.count(), AuditEvent.objects.count())

    response = client.post("/cases/new/", register_form(world.office_a, members=family))

    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.forms[3].errors["date_of_birth"] == ["A child cannot be as old as or older than the principal applicant."]
    assert not formset.forms[0].errors and not formset.forms[2].errors
    assert (Case.objects.count(), CaseMember.objects.count(), AuditEvent.objects.count()) == before
    assert 'id="id_members-3-date_of_birth_error"' in response.content.decode()


@pytest.mark.django_db
def test_schema_errors_land_on_the_member_row_and_case_field_they_name(world, client):
    client.force_login(world.caseworker_a)
    family = [FAMILY[0], {**FAMILY[1], "nationality": "XXX"}, {**FAMILY[2], "preferred_language": "zzz"}]
    count = Case.objects.count()

    response = client.post("/cases/new/", register_form(world.office_a, members=family, registered_on="2099-01-01"))

    formset = response.context["formset"]
    assert "is not an ISO 3166-1 alpha-3 country code" in formset.forms[1].errors["nationality"][0]
    assert "is not an ISO 639-3 language code" in formset.forms[2].errors["preferred_language"][0]
    assert Case.objects.count() == count


@pytest.mark.django_db
def test_a_missing_name_and_two_principals_are_shown_on_their_rows(world, client):
    client.force_login(world.caseworker_a)
    response = client.post("/cases/new/", register_form(world.office_a, members=[{**FAMILY[0], "given_name": ""}]))
    assert "given_name" in response.context["formset"].forms[0].errors

    two_principals = [FAMILY[0], {**FAMILY[1], "relationship": "PA"}]
    response = client.post("/cases/new/", register_form(world.office_a, members=two_principals))
    assert "exactly one principal applicant" in response.context["formset"].forms[1].errors["relationship"][0]


@pytest.mark.django_db
def test_add_another_member_re_renders_with_one_more_row_and_keeps_what_was_typed(world, client):
    client.force_login(world.caseworker_a)
    count = Case.objects.count()

    response = client.post("/cases/new/", {**register_form(world.office_a, members=FAMILY[:1]), "add_member": "1"})

    formset = response.context["formset"]
    assert len(formset.forms) == 2 and not formset.is_bound
    assert formset.forms[0].initial["given_name"] == "Abdirahman"
    assert formset.forms[1].initial["nationality"] == "SOM"  # carried over from the first row
    page = response.content.decode()
    assert 'name="members-1-given_name"' in page and 'value="Abdirahman"' in page
    assert "This field is required" not in page
    assert Case.objects.count() == count

    response = client.post("/cases/new/", {**register_form(world.office_a, members=FAMILY[:3]), "remove_member": "1"})
    assert [f.initial["given_name"] for f in response.context["formset"].forms] == ["Abdirahman", "Ayaan"]


@pytest.mark.django_db
def test_a_re_entered_person_is_shown_as_a_possible_duplicate_before_anything_is_saved(world, client):
    client.force_login(world.caseworker_a)
    client.post("/cases/new/", register_form(world.office_a))
    count = Case.objects.count()

    response = client.post("/cases/new/", register_form(world.office_a, members=[FAMILY[1] | {"relationship": "PA"}]))

    assert Case.objects.count() == count
    assert response.context["duplicates_found"]
    page = response.content.decode()
    assert "Possible duplicates" in page and "Hodan Ali Farah" in page
    assert 'name="different_people"' in page

    form = register_form(world.office_a, members=[FAMILY[1] | {"relationship": "PA"}], different_people="on")
    response = client.post("/cases/new/", form, follow=True)
    assert Case.objects.count() == count + 1


@pytest.mark.django_db
def test_a_user_who_may_not_register_gets_no_register_form(world, client):
    client.force_login(world.compliance_hq)
    assert client.get("/cases/new/").status_code == 403


# --- The case page ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_case_page_shows_the_clearance_timeline_with_what_expires_when(world, client):
    case = world.case_a
    today = timezone.localdate()
    for kind, until in (("visa", today + dt.timedelta(days=90)), ("exit_permit", today + dt.timedelta(days=5)),
                        ("security_check", today - dt.timedelta(days=3))):
        Clearance.objects.create(case=case, kind=kind, status="granted", valid_from=today - dt.timedelta(days=30),
                                 valid_until=until)
    client.force_login(world.caseworker_a)

    response = client.get(f"/cases/{case.number}/")

    rows = response.context["timeline"]
    assert [r.clearance.kind for r in rows] == ["security_check", "exit_permit", "visa"]
    assert [r.state for r in rows] == ["expired", "expiring", "valid"]
    page = response.content.decode()
    assert "Expired 3 days ago" in page and "Expires in 5 days" in page and "90 days left" in page
    assert (today + dt.timedelta(days=5)).isoformat() in page


@pytest.mark.django_db
def test_audit_section_only_for_compliance_officers_and_system_administrators(world, client):
    client.force_login(world.caseworker_a)
    assert 'id="audit-heading"' not in client.get(f"/cases/{world.case_a.number}/").content.decode()
    client.force_login(world.compliance_hq)
    assert 'id="audit-heading"' in client.get(f"/cases/{world.case_a.number}/").content.decode()


@pytest.mark.django_db
def test_notes_confidentiality_is_respected_on_the_case_page(world, client, admin_a):
    colleague = UserFactory(username="cw_a2", roles=[(world.office_a, Role.CASEWORKER)])
    client.force_login(world.caseworker_a)
    response = client.post(f"/cases/{world.case_a.number}/notes/add/",
                           {"text": "Disclosed a protection concern.", "kind": "counselling",
                            "confidentiality": "confidential"}, follow=True)
    assert "Note saved." in response.content.decode()
    assert CaseNote.objects.get().author == world.caseworker_a
    with_transaction_note(world.case_a, world.caseworker_a, "Routine follow-up call.")

    def page_for(user) -> str:
        client.force_login(user)
        return client.get(f"/cases/{world.case_a.number}/").content.decode()

    assert "Disclosed a protection concern." in page_for(world.caseworker_a)
    assert "Disclosed a protection concern." in page_for(admin_a)
    colleague_page = page_for(colleague)
    assert "Disclosed a protection concern." not in colleague_page and "Routine follow-up call." in colleague_page
    assert "Routine follow-up call." not in page_for(world.partner_usa)


def with_transaction_note(case, author, text):
    records.add_note(actor=author, case=case, data=NoteIn(text=text))


# --- Acting on a case -------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_transition_without_the_required_reason_is_refused_on_the_reason_field(world, client):
    client.force_login(world.caseworker_a)
    url = f"/cases/{world.case_a.number}/status/"

    response = client.post(url, {"to_status": "on_hold", "reason": "", "expected_status": "registered"})

    assert response.context["form"].errors["reason"] == ["Give a reason for 'On hold'."]
    assert Case.objects.get(pk=world.case_a.pk).status == "registered"


@pytest.mark.django_db
def test_a_transition_someone_else_made_first_is_refused_with_the_reason(world, client):
    services.transition_case(actor=world.caseworker_a, case=world.case_a, to_status="in_processing")
    client.force_login(world.caseworker_a)

    response = client.post(f"/cases/{world.case_a.number}/status/",
                           {"to_status": "approved", "reason": "", "expected_status": "registered"})

    assert "someone else changed it" in response.content.decode()
    assert Case.objects.get(pk=world.case_a.pk).status == "in_processing"


@pytest.mark.django_db
def test_booking_is_refused_to_a_caseworker_with_the_reason_shown(world, client):
    Case.objects.filter(pk=world.case_a.pk).update(status="approved")
    client.force_login(world.caseworker_a)

    response = client.post(f"/cases/{world.case_a.number}/status/",
                           {"to_status": "booked", "reason": "", "expected_status": "approved"})

    assert "Your role does not allow you to move cases to" in response.content.decode()
    assert Case.objects.get(pk=world.case_a.pk).status == "approved"


@pytest.mark.django_db
def test_passport_exit_permit_and_approval_through_the_pages(world, client):
    case = world.case_a
    person = case.members.order_by("id").first().person
    client.force_login(world.caseworker_a)

    client.post(f"/cases/{case.number}/documents/add/", {"person_id": person.pk, "kind": "passport",
                                                        "number": "p 1234567", "issuing_country": "SOM",
                                                        "issued_on": "2024-01-10", "expires_on": "2034-01-09"})
    response = client.post(f"/cases/{case.number}/clearances/add/", {
        "kind": "exit_permit", "person_id": "", "transit_country": "", "status": "granted", "reference": "EX-1",
        "valid_from": "2026-01-01", "valid_until": "2099-01-01"}, follow=True)
    for status in ("in_processing", "approved"):
        client.post(f"/cases/{case.number}/status/", {"to_status": status, "reason": "", "expected_status": ""})

    assert IdentityDocument.objects.get(person=person).number == "P1234567"
    assert Clearance.objects.get(case=case).reference == "EX-1"
    assert "Exit permit recorded." in response.content.decode()
    case.refresh_from_db()
    assert case.status == "approved"
    assert list(case.events.filter(kind="status").values_list("to_status", flat=True)) == ["in_processing", "approved"]


@pytest.mark.django_db
def test_a_granted_clearance_without_a_start_is_refused_on_that_field(world, client):
    client.force_login(world.caseworker_a)
    response = client.post(f"/cases/{world.case_a.number}/clearances/add/", {
        "kind": "visa", "person_id": "", "transit_country": "", "status": "granted", "reference": "",
        "valid_from": "", "valid_until": ""})
    assert response.context["form"].errors["valid_from"] == ["A granted clearance says from when it is valid."]
    assert not Clearance.objects.exists()


@pytest.mark.django_db
def test_members_join_and_leave_with_a_reason(world, client):
    case = world.case_a
    Person.objects.filter(memberships__case=case, memberships__relationship="child").update(
        date_of_birth=dt.date(2015, 6, 1))  # the factory gives everyone the principal's birth date
    client.force_login(world.caseworker_a)
    response = client.post(f"/cases/{case.number}/members/add/", {
        "relationship": "child", "reason": "Born in the camp", "given_name": "Newborn", "family_name": "Haddad",
        "sex": "F", "date_of_birth": (timezone.localdate() - dt.timedelta(days=30)).isoformat(),
        "dob_precision": "exact", "nationality": "SOM"}, follow=True)
    assert "Newborn Haddad joined the case." in response.content.decode()
    joined = case.members.get(person__given_name="Newborn")
    assert joined.join_reason == "Born in the camp"

    url = f"/cases/{case.number}/members/{joined.person_id}/leave/"
    assert "reason" in client.post(url, {"reason": ""}).context["form"].errors
    client.post(url, {"reason": "Stays with relatives"})
    joined.refresh_from_db()
    assert joined.left_on == timezone.localdate() and joined.leave_reason == "Stays with relatives"
    principal = case.members.get(relationship="PA")
    response = client.post(f"/cases/{case.number}/members/{principal.person_id}/leave/", {"reason": "x"})
    assert "The principal applicant cannot leave" in response.content.decode()


@pytest.mark.django_db
def test_vulnerability_and_travel_loan_pages(world, client):
    case = world.case_a
    person = case.members.order_by("id").first().person
    client.force_login(world.caseworker_a)
    client.post(f"/cases/{case.number}/vulnerabilities/add/", {"person_id": person.pk, "code": "mobility",
                                                              "detail": "Uses crutches"})
    response = client.post(f"/cases/{case.number}/vulnerabilities/add/", {"person_id": person.pk, "code": "mobility"})
    assert response.context["form"].errors["code"] == ["This vulnerability is already recorded and open."]
    response = client.post(f"/cases/{case.number}/travel-loan/", {"amount": "1840.50", "currency": "USD"}, follow=True)
    page = response.content.decode()
    assert "Mobility impairment (WCHR)" in page and "1840.50 USD" in page
    assert "Uses crutches" not in page  # the detail stays out of the case page


# --- Expedite ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_expedite_is_requested_by_a_caseworker_and_approved_by_another_user(world, client, admin_a):
    client.force_login(world.caseworker_a)
    client.post(f"/cases/{world.case_a.number}/expedite/", {"requested_priority": "urgent",
                                                           "reason": "Medical condition worsening"})
    ask = ExpediteRequest.objects.get(case=world.case_a)
    page = client.get(f"/expedite/{ask.pk}/").content.decode()
    assert 'name="decision"' not in page  # a caseworker does not decide

    client.force_login(admin_a)
    assert world.case_a.number in client.get("/expedite/").content.decode()
    response = client.post(f"/expedite/{ask.pk}/", {"decision": "approve", "note": "Agreed"}, follow=True)

    assert "Expedite approved" in response.content.decode()
    ask.refresh_from_db()
    assert ask.status == "approved" and ask.decided_by == admin_a
    assert Case.objects.get(pk=world.case_a.pk).priority == "urgent"


@pytest.mark.django_db
def test_the_requester_cannot_decide_their_own_expedite(world, client, admin_a):
    ask = services.request_expedite(actor=admin_a, case=world.case_a, priority="emergency", reason="Security threat")
    client.force_login(admin_a)
    assert 'name="decision"' not in client.get(f"/expedite/{ask.pk}/").content.decode()

    response = client.post(f"/expedite/{ask.pk}/", {"decision": "approve", "note": ""})

    assert "The person who asked for an expedite cannot also approve it." in response.content.decode()
    ask.refresh_from_db()
    assert ask.status == "pending" and Case.objects.get(pk=world.case_a.pk).priority == "normal"


# --- Scoping and list filters -----------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("path", ["", "edit/", "status/", "members/add/", "documents/add/", "clearances/add/",
                                  "vulnerabilities/add/", "notes/add/", "travel-loan/", "expedite/"])
def test_another_offices_case_pages_answer_404(world, client, path):
    client.force_login(world.caseworker_a)
    assert client.get(f"/cases/{world.case_b.number}/{path}").status_code == 404
    if path:
        assert client.post(f"/cases/{world.case_b.number}/{path}", {}).status_code == 404


@pytest.mark.django_db
def test_another_offices_expedite_request_answers_404(world, client, admin_a):
    ask = services.request_expedite(actor=world.caseworker_b, case=world.case_b, priority="urgent", reason="Urgent need")
    client.force_login(admin_a)
    assert client.get(f"/expedite/{ask.pk}/").status_code == 404
    assert world.case_b.number not in client.get("/expedite/").content.decode()


@pytest.mark.django_db
def test_case_list_searches_and_filters(world, client):
    Case.objects.filter(pk=world.case_sub.pk).update(priority="urgent")
    client.force_login(world.caseworker_a)

    def numbers(query: str) -> list[str]:
        return [c.number for c in client.get(f"/cases/?{query}").context["page"].items]

    assert numbers(f"q={world.case_a.number}") == [world.case_a.number]
    assert numbers("destination=CAN") == [world.case_sub.number]
    assert numbers("priority=urgent") == [world.case_sub.number]
    assert numbers(f"office={world.sub_a.pk}") == [world.case_sub.number]
    assert numbers("status=approved") == []
    assert set(numbers("nationality=SOM")) == {world.case_a.number, world.case_sub.number}
    assert numbers(f"q={world.case_b.number}") == []  # another office's case is not found


# --- Bounded queries --------------------------------------------------------------------------

@pytest.mark.django_db
def test_case_list_with_filters_makes_a_bounded_number_of_queries(world, client):
    client.force_login(world.caseworker_a)
    url = "/cases/?status=registered&programme=resettlement&nationality=SOM"
    client.get(url)

    def grow():
        for _ in range(20):
            CaseFactory(office=world.office_a, members=3)

    assert_bounded_queries(client, url, grow)


@pytest.mark.django_db
def test_case_page_makes_a_bounded_number_of_queries(world, client):
    case = CaseFactory(office=world.office_a, members=2)
    client.force_login(world.compliance_hq)
    url = f"/cases/{case.number}/"
    client.get(url)

    def grow():
        person = case.members.first().person
        for i in range(6):
            member = CaseFactory(office=world.office_a, members=1).members.get().person
            CaseMember.objects.create(case=case, person=member, relationship="child", joined_on=case.registered_on)
            IdentityDocument.objects.create(person=member, kind="passport", number=f"N{i}", issuing_country="SOM")
            records.record_clearance(actor=world.caseworker_a, case=case,
                                     data=ClearanceIn(kind="visa", person_id=member.pk))
            records.add_note(actor=world.caseworker_a, case=case, data=NoteIn(text=f"note {i}"))
            services.transition_case(actor=world.caseworker_a, case=case,
                                     to_status="on_hold" if i % 2 == 0 else "in_processing", reason="waiting")
        assert person

    assert_bounded_queries(client, url, grow)


@pytest.mark.django_db
def test_editing_a_members_biodata_saves_only_what_changed_and_refuses_a_bad_code(world, client):
    case = world.case_a
    person = case.members.order_by("id").first().person
    client.force_login(world.caseworker_a)
    url = f"/cases/{case.number}/members/{person.pk}/edit/"
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["date_of_birth"] = person.date_of_birth.isoformat()

    response = client.post(url, {**data, "nationality": "XYZ"})
    assert "is not an ISO 3166-1 alpha-3 country code" in response.context["form"].errors["nationality"][0]

    client.post(url, {**data, "given_name": "Muhammad", "native_given_name": "محمد"})
    person.refresh_from_db()
    assert (person.given_name, person.native_given_name, person.nationality) == ("Muhammad", "محمد", "SOM")
    event = AuditEvent.objects.get(action="person.update", object_id=str(person.pk))
    assert event.before["given_name"] != "Muhammad" and event.after["given_name"] == "Muhammad"
