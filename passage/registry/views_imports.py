"""Pages for bulk import and export of cases: the upload form, the job page with its progress bar
(refreshed by htmx polling) and report, the template and the exports of the filtered case list."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from passage.core.errors import DomainError
from passage.registry import exports, selectors
from passage.registry.api_imports import CSV, XLSX
from passage.registry.imports import fail_stalled_jobs, start_import
from passage.registry.models import Case, ImportJob


class ImportForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Importing office"), queryset=None, empty_label=None)
    file = forms.FileField(label=_("File of cases (.csv or .xlsx)"),
                           help_text=_("One row per member; download the template for the columns."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))
    dry_run = forms.BooleanField(label=_("Dry run: check the file and show the report, write nothing"),
                                 required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = selectors.offices_for_registration(user=user).order_by("code")


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = start_import(actor=request.user, office_id=form.cleaned_data["office"].pk, filename=upload.name,
                               chunks=upload.chunks(), size=upload.size, dry_run=form.cleaned_data["dry_run"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("case-import-job", job_id=job.pk)
    jobs = selectors.import_jobs_for(user=request.user).filter(uploaded_by=request.user)[:10]
    return render(request, "registry/import_upload.html", {"form": form, "jobs": jobs})


def _job(request: HttpRequest, job_id: int) -> ImportJob:
    try:
        job = selectors.import_jobs_for(user=request.user).get(pk=job_id)
    except ImportJob.DoesNotExist as exc:
        raise Http404 from exc
    if job.status == ImportJob.Status.RUNNING and fail_stalled_jobs(job_ids=[job.pk]):
        job.refresh_from_db()  # its worker died: the page shows it failed instead of running forever
    return job


def _progress_context(job: ImportJob) -> dict:
    running = job.status in (ImportJob.Status.PENDING, ImportJob.Status.RUNNING)
    writing = job.status == ImportJob.Status.RUNNING and job.total_rows and job.processed_rows >= job.total_rows
    return {"job": job, "running": running, "writing": writing}


@login_required
@require_GET
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    return render(request, "registry/import_job.html", _progress_context(_job(request, job_id)))


@login_required
@require_GET
def import_job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The part of the job page that htmx polls while the job runs; when it has finished, the whole
    page is reloaded (HX-Refresh) to show the report."""
    context = _progress_context(_job(request, job_id))
    response = render(request, "registry/_import_progress.html", context)
    if not context["running"]:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind == "csv":
        response = HttpResponse(exports.template_csv(), content_type=CSV)
    else:
        response = HttpResponse(content_type=XLSX)
        exports.template_xlsx(response)
    response["Content-Disposition"] = f'attachment; filename="passage-cases-template.{kind}"'
    return response


def _export_rows(request: HttpRequest):
    status = request.GET.get("status") or None
    filters = {
        "q": request.GET.get("q") or None,
        "status": status if status in Case.Status.values else None,
        "destination": request.GET.get("destination") or None,
        "programme": request.GET.get("programme") or None,
        "nationality": request.GET.get("nationality") or None,
        "priority": request.GET.get("priority") or None,
    }
    office = request.GET.get("office_id") or request.GET.get("office")
    if office and office.isdigit():
        filters["office_id"] = int(office)
    return exports.member_rows(selectors.cases_for(user=request.user, **filters))


@login_required
@require_GET
def export_cases(request: HttpRequest, kind: str) -> HttpResponse:
    """The case list as filtered on the page (same query parameters), as CSV or XLSX."""
    rows = _export_rows(request)
    name = f"passage-cases-{timezone.now():%Y%m%d-%H%M}.{kind}"
    if kind == "csv":
        response = StreamingHttpResponse(exports.csv_chunks(rows), content_type=CSV)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    response = StreamingHttpResponse(exports.xlsx_chunks(rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
