"""A large import's report is in the language its uploader used. The task worker (`manage.py
db_worker`, a process of its own with no request) imports the file under the language recorded on
the job at upload, so an Arabic or French caseworker reads the row errors in their language, on the
job page and through the API, as they do for a small file imported during the upload."""

from __future__ import annotations

import datetime as dt
import os
import subprocess  # nosec B404: runs this project's manage.py
import sys
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from passage.registry.models import Case, ImportJob
from passage.registry.tests.test_import import csv_bytes, family, single, upload

# Row 2: an unknown sex (pydantic's enum error, translated in core/problems.py). Rows 3-5: a case
# registered tomorrow (one of the import's own rules).
TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()
BAD_FILE = csv_bytes(single("LANG-1", sex="Q") + family("LANG-2", registered_on=TOMORROW))
REPORTS = {
    "ar": [{"row": 2, "column": "sex", "detail": "يجب أن تكون القيمة 'F', 'M' أو 'X'"},
           {"row": 3, "column": "registered_on", "detail": "تاريخ التسجيل في المستقبل."}],
    "fr": [{"row": 2, "column": "sex", "detail": "La valeur doit être 'F', 'M' ou 'X'"},
           {"row": 3, "column": "registered_on", "detail": "La date d'enregistrement est dans le futur."}],
    "en": [{"row": 2, "column": "sex", "detail": "Input should be 'F', 'M' or 'X'"},
           {"row": 3, "column": "registered_on", "detail": "The registration date is in the future."}],
}
REFUSED = {"ar": "مرفوض: راجع التقرير", "fr": "Refusée\u00a0: voir le rapport", "en": "Refused: see the report"}


def _worker_database_url() -> str:
    """The test database, for a worker process started outside pytest."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path=f"/{db['NAME']}"))


def run_worker() -> None:
    """`manage.py db_worker --batch`: runs every queued task in a process of its own, then exits."""
    env = {k: v for k, v in os.environ.items() if k != "PASSAGE_TASKS_BACKEND"}
    env.update(DATABASE_URL=_worker_database_url(), PASSAGE_IMPORT_DIR=str(settings.PASSAGE_IMPORT_DIR))
    done = subprocess.run([sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],  # nosec B603
                          cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.fixture
def background(settings):
    settings.PASSAGE_IMPORT_INLINE_BYTES = 0  # every file goes to the worker
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def in_language(client, lang: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


@pytest.mark.django_db(transaction=True)
def test_the_worker_writes_each_report_in_its_uploaders_language(world, api_client, client, background):
    uploads = {}
    for lang in ("ar", "fr", "en"):  # one worker runs the three jobs in turn: no language leaks to the next
        response = upload(in_language(api_client(world.caseworker_a), lang), world.office_a, BAD_FILE)
        assert response.status_code == 202 and response.json()["status"] == "pending", response.content
        uploads[lang] = response.json()["id"]
    assert {ImportJob.objects.get(pk=pk).language for pk in uploads.values()} == {"ar", "fr", "en"}

    run_worker()

    client.force_login(world.caseworker_a)
    for lang, job_id in uploads.items():
        job = ImportJob.objects.get(pk=job_id)
        assert (job.status, job.errors) == (ImportJob.Status.FAILED, REPORTS[lang])
        body = in_language(api_client(world.caseworker_a), lang).get(f"/api/v1/imports/{job_id}").json()
        assert (body["status"], body["status_label"], body["errors"]) == ("failed", REFUSED[lang], REPORTS[lang])
        assert body["language"] == lang
        page = in_language(client, lang).get(f"/cases/import/{job_id}/").content.decode()
        assert REFUSED[lang] in page
        assert all(f"<td>{e['column']}</td><td>{e['detail']}</td>" in page.replace("&#x27;", "'")
                   for e in REPORTS[lang])
    assert not Case.objects.filter(unhcr_case_id__startswith="LANG-").exists()


@pytest.mark.django_db(transaction=True)
def test_an_arabic_upload_that_imports_shows_its_status_in_arabic(world, api_client, client, background):
    job_id = upload(in_language(api_client(world.caseworker_a), "ar"), world.office_a,
                    csv_bytes(family("LANG-OK"))).json()["id"]

    run_worker()

    job = ImportJob.objects.get(pk=job_id)
    assert (job.status, job.created_cases, job.errors) == (ImportJob.Status.SUCCEEDED, 1, [])
    client.force_login(world.caseworker_a)
    assert "تم الاستيراد" in in_language(client, "ar").get(f"/cases/import/{job_id}/").content.decode()


def test_a_stalled_job_is_reported_in_its_uploaders_language_whoever_sweeps_it(world, api_client, background):
    job_id = upload(in_language(api_client(world.caseworker_a), "fr"), world.office_a, BAD_FILE).json()["id"]
    stale = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=settings.PASSAGE_IMPORT_STALE_MINUTES + 1)
    ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.RUNNING, heartbeat_at=stale)

    translation.activate("en")  # the upload left French active in this thread; cron runs in English
    call_command("sweep_import_jobs", stdout=open(os.devnull, "w"))  # noqa: SIM115

    job = ImportJob.objects.get(pk=job_id)
    assert job.status == ImportJob.Status.FAILED
    assert job.errors[0]["detail"].startswith("L'import s'est arrêté"), job.errors
