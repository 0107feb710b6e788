"""Bulk import and export of cases over the API: upload a file, follow its job, download the
template, export the filtered case list. The work itself is in registry/imports.py and exports.py."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from ninja import File, Form, Query, Router, Status, UploadedFile

from passage.registry import exports, selectors
from passage.registry.imports import fail_stalled_jobs, start_import
from passage.registry.models import Case, ImportJob
from passage.registry.schemas import ImportJobOut

router = Router()

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_response(media_type: str, description: str) -> dict:
    return {"responses": {"200": {"description": description,
                                  "content": {media_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}}}}}


@router.post("/imports", response={202: ImportJobOut}, tags=["imports"], operation_id="startImport",
             summary="Upload a file of cases",
             description="A CSV or XLSX file with one row per member (see the template), imported into the office "
                         "`office_id` where the caller is a caseworker or office administrator. All or nothing: a "
                         "file with any bad row writes nothing, and the job's `errors` name each row and column. "
                         "`dry_run` checks and reports without writing. Small files are done when this answers; "
                         "follow larger ones with getImport.")
def upload(request: HttpRequest, file: File[UploadedFile], office_id: Form[int], dry_run: Form[bool] = False):
    job = start_import(actor=request.user, office_id=office_id, filename=file.name or "", chunks=file.chunks(),
                       size=file.size or 0, dry_run=dry_run)
    return Status(202, job)


@router.get("/imports/template.csv", tags=["imports"], operation_id="getImportTemplateCsv",
            summary="The import template as CSV", openapi_extra=_file_response(CSV, "The header row, then comment rows "
                                                                               "('#') documenting each column."),
            description="The columns of an import file as a CSV header row, followed by comment rows (first cell "
                        "starting with '#') that document each column; the import skips comment rows.")
def template_csv(request: HttpRequest):
    response = HttpResponse(exports.template_csv(), content_type=CSV)
    response["Content-Disposition"] = 'attachment; filename="passage-cases-template.csv"'
    return response


@router.get("/imports/template.xlsx", tags=["imports"], operation_id="getImportTemplateXlsx",
            summary="The import template as XLSX", openapi_extra=_file_response(XLSX, "A workbook: 'cases' and 'columns'."),
            description="A workbook with a 'cases' sheet holding the header row and a 'columns' sheet documenting "
                        "each column: whether it is required, its allowed values or format.")
def template_xlsx(request: HttpRequest):
    response = HttpResponse(content_type=XLSX)
    exports.template_xlsx(response)
    response["Content-Disposition"] = 'attachment; filename="passage-cases-template.xlsx"'
    return response


@router.get("/imports/{job_id}", response=ImportJobOut, tags=["imports"], operation_id="getImport",
            summary="An import job: status, progress and report",
            description="The job's status, the rows checked so far (for a progress bar) and, when it has finished, "
                        "the counts and the errors by row and column. A running job whose worker has given no sign of life "
                        "for PASSAGE_IMPORT_STALE_MINUTES (15) is marked failed. Jobs of other offices answer 404.")
def get_import(request: HttpRequest, job_id: int):
    try:
        job = selectors.import_jobs_for(user=request.user).get(pk=job_id)
    except ImportJob.DoesNotExist as exc:
        raise Http404 from exc
    if job.status == ImportJob.Status.RUNNING and fail_stalled_jobs(job_ids=[job.pk]):
        job.refresh_from_db()
    return job


def _filtered(request: HttpRequest, filters: dict):
    return exports.member_rows(selectors.cases_for(user=request.user, **filters))


def _stamp() -> str:
    return timezone.now().strftime("%Y%m%d-%H%M")


EXPORT_FILTERS = ("Filtered like listCases: `q`, `status`, `office_id`, `destination`, `programme`, `nationality`, "
                  "`priority`; only cases in the caller's scope.")


def export_filters(q, status, office_id, destination, programme, nationality, priority) -> dict:
    return {"q": q, "status": status, "office_id": office_id, "destination": destination, "programme": programme,
            "nationality": nationality, "priority": priority}


@router.get("/exports/cases.csv", tags=["exports"], operation_id="exportCasesCsv",
            summary="Export cases as CSV", openapi_extra=_file_response(CSV, "The CSV, streamed."),
            description="One row per current member in the import's columns, plus case_number, office and status; "
                        "streamed, so any number of rows. " + EXPORT_FILTERS)
def export_csv(request: HttpRequest, q: str | None = None, status: Case.Status | None = None,
               office_id: int | None = None,
               destination: str | None = Query(None, description="ISO 3166-1 alpha-3 destination country."),
               programme: str | None = None, nationality: str | None = None, priority: str | None = None):
    rows = _filtered(request, export_filters(q, status, office_id, destination, programme, nationality, priority))
    response = StreamingHttpResponse(exports.csv_chunks(rows), content_type=CSV)
    response["Content-Disposition"] = f'attachment; filename="passage-cases-{_stamp()}.csv"'
    return response


@router.get("/exports/cases.xlsx", tags=["exports"], operation_id="exportCasesXlsx",
            summary="Export cases as XLSX", openapi_extra=_file_response(XLSX, "The workbook, streamed."),
            description="The same rows as exportCasesCsv in a workbook, streamed while it is written; beyond 1,048,575 rows "
                        "a sheet, the rows go "
                        "on to further sheets and a first 'read me' sheet says so. " + EXPORT_FILTERS)
def export_xlsx(request: HttpRequest, q: str | None = None, status: Case.Status | None = None,
                office_id: int | None = None,
                destination: str | None = Query(None, description="ISO 3166-1 alpha-3 destination country."),
                programme: str | None = None, nationality: str | None = None, priority: str | None = None):
    rows = _filtered(request, export_filters(q, status, office_id, destination, programme, nationality, priority))
    response = StreamingHttpResponse(exports.xlsx_chunks(rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="passage-cases-{_stamp()}.xlsx"'
    return response
