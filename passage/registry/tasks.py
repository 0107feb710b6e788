"""Background work of the case registry, run by the task worker (`manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_import_job(job_id: int) -> str:
    """Import one uploaded case file; the job row carries the progress and the report."""
    from passage.registry.imports import run_import

    return run_import(job_id).status
