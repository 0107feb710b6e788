"""Orientation pages (calendar, course, tablet attendance, certificate) and API."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from passage.orientation import services
from passage.orientation.models import Course

J = "application/json"


@pytest.mark.django_db
def test_calendar_and_course_page_enrol_a_case_by_number(training, client):
    client.force_login(training.trainer)
    calendar = client.get("/orientation/").content.decode()
    assert f"/orientation/courses/{training.course.pk}/" in calendar
    response = client.post(f"/orientation/courses/{training.course.pk}/", {"case_number": training.family.number},
                           follow=True)
    page = response.content.decode()
    assert "Amina" in page and "Abdi" in page
    assert "2 enrolled" in page
    assert training.course.enrolments.count() == 2  # the child is not of an adult course's audience


@pytest.mark.django_db
def test_trainer_taps_names_to_take_attendance(training, client):
    course = training.course
    services.enrol(actor=training.trainer, course=course, person=training.adult)
    client.force_login(training.trainer)
    day = services.course_days(course)[0]
    page = client.get(f"/orientation/courses/{course.pk}/attendance/?day={day:%Y-%m-%d}").content.decode()
    assert 'aria-pressed="false"' in page
    response = client.post(f"/orientation/courses/{course.pk}/attendance/toggle/",
                           {"person_id": training.adult.pk, "day": day.isoformat(), "present": "1"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode()
    assert course.enrolments.get().attendance.get(day=day).present


@pytest.mark.django_db
def test_certificate_is_a_pdf_with_the_name(training, client):
    course = training.course
    services.enrol(actor=training.trainer, course=course, person=training.adult)
    for day in services.course_days(course):
        services.record_attendance(actor=training.trainer, course=course, person=training.adult, day=day,
                                   present=True)
    client.force_login(training.trainer)
    response = client.get(f"/orientation/courses/{course.pk}/certificate/{training.adult.pk}.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert training.adult.full_name in text
    assert client.get(f"/orientation/courses/{course.pk}/certificate/{training.spouse.pk}.pdf").status_code == 404


@pytest.mark.django_db
def test_api_course_enrolment_and_attendance(world, training, api_client):
    api = api_client(training.trainer)
    days = [d.isoformat() for d in services.course_days(training.course)]
    created = api.post("/api/v1/orientation/courses", {
        "curriculum_id": training.curriculum.pk, "office_id": world.office_a.pk, "language": "SOM",
        "place": "Kakuma", "days": days, "trainer_ids": [training.trainer.pk]}, content_type=J)
    assert created.status_code == 201, created.content
    course_id = created.json()["id"]
    assert created.json()["capacity"] == 25
    enrolled = api.post(f"/api/v1/orientation/courses/{course_id}/enrolments", {"person_id": training.child.pk},
                        content_type=J)
    assert enrolled.status_code == 201
    assert any("child in an adult course" in w["detail"] for w in enrolled.json()["warnings"])
    twice = api.post(f"/api/v1/orientation/courses/{course_id}/enrolments", {"person_id": training.child.pk},
                     content_type=J)
    assert twice.status_code == 409 and twice.json()["errors"][0]["field"] == "person_id"
    outside = api.post(f"/api/v1/orientation/courses/{course_id}/attendance", {
        "person_id": training.child.pk, "day": "2001-01-01"}, content_type=J)
    assert outside.status_code == 422 and outside.json()["errors"][0]["field"] == "day"
    marked = api.post(f"/api/v1/orientation/courses/{course_id}/attendance", {
        "person_id": training.child.pk, "day": days[0]}, content_type=J)
    assert marked.json()["days_present"] == [days[0]]
    assert api_client(world.caseworker_b).get(f"/api/v1/orientation/courses/{course_id}").status_code == 404
    assert Course.objects.count() == 2


def test_an_office_id_too_large_for_the_database_is_refused_naming_it(world, training, api_client):
    response = api_client(world.caseworker_a).get("/api/v1/orientation/courses", {"office_id": 10**20})
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "office_id"
