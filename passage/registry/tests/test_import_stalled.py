"""An import whose worker died (killed, out of memory, machine restarted) stays "running" in the
database; once its heartbeat is older than PASSAGE_IMPORT_STALE_MINUTES the sweep command, the job
page and the API mark it failed, say why, and audit it. Live and finished jobs are left alone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from passage.core.models import AuditEvent
from passage.registry.imports import fail_stalled_jobs
from passage.registry.models import ImportJob


def _job(world, *, minutes_silent: int, status: str = ImportJob.Status.RUNNING, stored_path: str = "") -> ImportJob:
    return ImportJob.objects.create(office=world.office_a, uploaded_by=world.caseworker_a, filename="cases.csv",
                                    status=status, stored_path=stored_path,
                                    heartbeat_at=timezone.now() - dt.timedelta(minutes=minutes_silent))


@pytest.mark.django_db
def test_the_sweep_fails_silent_jobs_and_leaves_live_and_finished_ones(world, settings, tmp_path, capsys):
    settings.PASSAGE_IMPORT_STALE_MINUTES = 15
    upload = tmp_path / "upload.csv"
    upload.write_text("x")
    dead = _job(world, minutes_silent=20, stored_path=str(upload))
    alive = _job(world, minutes_silent=2)
    done = _job(world, minutes_silent=60, status=ImportJob.Status.SUCCEEDED)

    call_command("sweep_import_jobs")

    assert f"Marked failed 1 import job(s) silent for over 15 minutes: {dead.pk}" in capsys.readouterr().out
    dead.refresh_from_db()
    assert dead.status == ImportJob.Status.FAILED and dead.finished_at is not None
    assert "gave no sign of life" in dead.errors[0]["detail"] and "Nothing was written" in dead.errors[0]["detail"]
    assert not upload.exists()
    assert ImportJob.objects.get(pk=alive.pk).status == ImportJob.Status.RUNNING
    assert ImportJob.objects.get(pk=done.pk).status == ImportJob.Status.SUCCEEDED
    event = AuditEvent.objects.get(action="case.import_stalled", object_id=str(dead.pk))
    assert event.actor is None and event.after == {"status": "failed"}
    assert fail_stalled_jobs() == []  # a second sweep finds nothing


@pytest.mark.django_db
def test_the_job_page_shows_a_dead_job_as_failed(world, client):
    dead = _job(world, minutes_silent=30)
    client.force_login(world.caseworker_a)
    page = client.get(f"/cases/import/{dead.pk}/").content.decode()
    assert "gave no sign of life" in page
    progress = client.get(f"/cases/import/{dead.pk}/progress/")
    assert progress["HX-Refresh"] == "true"  # the polling stops and the page shows the report


@pytest.mark.django_db
def test_the_api_reports_a_dead_job_as_failed(world, api_client):
    dead = _job(world, minutes_silent=30)
    body = api_client(world.caseworker_a).get(f"/api/v1/imports/{dead.pk}").json()
    assert body["status"] == "failed" and "gave no sign of life" in body["errors"][0]["detail"]


@pytest.mark.django_db
def test_a_job_that_reports_progress_is_alive(world, settings):
    from passage.registry.imports import _save_progress

    job = _job(world, minutes_silent=30)
    _save_progress(job, 100, 1000)
    assert fail_stalled_jobs() == []
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.RUNNING
