"""Bulk import of cases: all or nothing, a report by row and column, dry runs, idempotent re-imports,
hostile files, scoping, the background path and a kill in the middle of the write."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import signal
import subprocess  # nosec B404: runs this project's manage.py
import sys
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from passage.core.models import AuditEvent, Role
from passage.core.tests.factories import CaseFactory, UserFactory
from passage.registry.columns import IMPORT_FIELDS
from passage.registry.models import Case, CaseEvent, CaseMember, ImportJob, Person, PersonNameKey

BASE = {"programme": "resettlement", "destination_country": "USA", "nationality": "SOM", "sex": "F",
        "preferred_language": "som", "languages": "som;eng"}


def family(ref: str, **case) -> list[dict[str, str]]:
    return [
        {**BASE, **case, "case_ref": ref, "relationship": "PA", "given_name": "Hodan", "family_name": "Warsame",
         "date_of_birth": "1985-03-01"},
        {**BASE, **case, "case_ref": ref, "relationship": "spouse", "given_name": "Abdi", "family_name": "Warsame",
         "sex": "M", "date_of_birth": "1983-07-12"},
        {**BASE, **case, "case_ref": ref, "relationship": "child", "given_name": "Amina", "family_name": "Warsame",
         "date_of_birth": "2015-01-01", "dob_precision": "year"},
    ]


def single(ref: str, **fields) -> list[dict[str, str]]:
    return [{**BASE, "case_ref": ref, "relationship": "PA", "given_name": "Mohamed", "family_name": "Ali", "sex": "M",
             "date_of_birth": "1990-01-01", **fields}]


def csv_bytes(rows: list[dict[str, str]], fields=IMPORT_FIELDS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def upload(client, office, content: bytes, *, name="cases.csv", dry_run=False):
    return client.post("/api/v1/imports", {"file": SimpleUploadedFile(name, content), "office_id": office.pk,
                                           "dry_run": "true" if dry_run else "false"})


def errors_of(response) -> set[tuple]:
    return {(e["row"], e["column"]) for e in response.json()["errors"]}


@pytest.fixture
def cw(world, api_client):
    return api_client(world.caseworker_a)


def test_a_good_file_imports_every_case_member_and_event(world, cw):
    before = Case.objects.count(), Person.objects.count()
    response = upload(cw, world.office_a, csv_bytes(family("UNHCR-KEN-0001") + single("UNHCR-KEN-0002")))
    assert response.status_code == 202, response.content
    job = response.json()
    assert (job["status"], job["created_cases"], job["unchanged_cases"], job["total_rows"]) == ("succeeded", 2, 0, 4)
    assert job["errors"] == []
    assert (Case.objects.count(), Person.objects.count()) == (before[0] + 2, before[1] + 4)
    case = Case.objects.get(unhcr_case_id="UNHCR-KEN-0001")
    assert case.office == world.office_a and case.number.startswith(f"KEN-{dt.date.today().year}-")
    members = {m.person.given_name: m for m in case.members.select_related("person")}
    assert members["Hodan"].relationship == "PA" and members["Amina"].person.dob_precision == "year"
    assert members["Hodan"].person.languages == ["som", "eng"] and members["Hodan"].person.office == world.office_a
    assert CaseEvent.objects.filter(case__unhcr_case_id__startswith="UNHCR-KEN-", kind="registered").count() == 2
    assert PersonNameKey.objects.filter(person__memberships__case=case).values("person").distinct().count() == 3
    audit = AuditEvent.objects.get(action="case.import")
    assert audit.after["created_cases"] == 2 and audit.after["persons"] == 4 and audit.actor == world.caseworker_a


def test_one_bad_row_writes_nothing_and_the_report_names_row_and_column(world, cw):
    rows = family("UNHCR-KEN-0001") + single("UNHCR-KEN-0002", date_of_birth="31/02/1990", sex="Q")
    before = Case.objects.count(), Person.objects.count()
    response = upload(cw, world.office_a, csv_bytes(rows))
    job = response.json()
    assert job["status"] == "failed" and job["created_cases"] == 0
    assert errors_of(response) == {(5, "date_of_birth"), (5, "sex")}
    assert (Case.objects.count(), Person.objects.count()) == before
    assert not AuditEvent.objects.filter(action="case.import").exists()


def test_composition_rules_are_reported_on_the_member_row(world, cw):
    rows = family("UNHCR-KEN-0001")
    rows[2]["date_of_birth"] = "1980-01-01"  # a child older than the principal applicant
    rows += single("UNHCR-KEN-0002") + [{**single("UNHCR-KEN-0002")[0], "given_name": "Omar"}]  # two PAs
    response = upload(cw, world.office_a, csv_bytes(rows))
    assert errors_of(response) == {(4, "date_of_birth"), (6, "relationship")}


def test_a_dry_run_reports_and_writes_nothing(world, cw):
    before = Case.objects.count()
    response = upload(cw, world.office_a, csv_bytes(family("UNHCR-KEN-0001")), dry_run=True)
    job = response.json()
    assert (job["status"], job["created_cases"], job["errors"]) == ("checked", 1, [])
    assert Case.objects.count() == before
    bad = upload(cw, world.office_a, csv_bytes(single("X", nationality="Somalia")), dry_run=True).json()
    assert bad["status"] == "checked" and bad["errors"][0]["column"] == "nationality"


def test_reimporting_the_same_rows_creates_no_duplicates(world, cw):
    content = csv_bytes(family("UNHCR-KEN-0001") + single("UNHCR-KEN-0002"))
    assert upload(cw, world.office_a, content).json()["created_cases"] == 2
    counts = Case.objects.count(), Person.objects.count()
    again = upload(cw, world.office_a, content).json()
    assert (again["status"], again["created_cases"], again["unchanged_cases"]) == ("succeeded", 0, 2)
    assert (Case.objects.count(), Person.objects.count()) == counts
    more = upload(cw, world.office_a, csv_bytes(single("UNHCR-KEN-0002") + single("UNHCR-KEN-0003"))).json()
    assert (more["created_cases"], more["unchanged_cases"]) == (1, 1)


def test_a_case_ref_of_an_office_out_of_reach_is_refused(world, cw):
    CaseFactory(office=world.office_b, unhcr_case_id="UNHCR-JOR-1", members=1)
    response = upload(cw, world.office_a, csv_bytes(single("UNHCR-JOR-1")))
    assert response.json()["status"] == "failed" and errors_of(response) == {(2, "case_ref")}


def test_xlsx_round_trip_with_real_date_cells(world, cw):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "cases"
    sheet.append(list(IMPORT_FIELDS))
    for row in family("UNHCR-KEN-0009"):
        values = [row.get(name, "") or None for name in IMPORT_FIELDS]
        values[IMPORT_FIELDS.index("date_of_birth")] = dt.datetime.fromisoformat(row["date_of_birth"])
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    job = upload(cw, world.office_a, out.getvalue(), name="cases.xlsx").json()
    assert (job["status"], job["created_cases"]) == ("succeeded", 1), job["errors"]
    person = Person.objects.get(memberships__case__unhcr_case_id="UNHCR-KEN-0009", given_name="Abdi")
    assert person.date_of_birth == dt.date(1983, 7, 12)


def test_rows_of_a_case_must_follow_each_other(world, cw):
    rows = single("A") + single("B") + [{**single("A")[0], "relationship": "child", "date_of_birth": "2010-01-01"}]
    response = upload(cw, world.office_a, csv_bytes(rows))
    assert errors_of(response) == {(4, "case_ref")}


def test_the_same_person_twice_in_a_case_is_refused(world, cw):
    rows = family("UNHCR-KEN-0001")
    rows.append(dict(rows[2]))
    response = upload(cw, world.office_a, csv_bytes(rows))
    assert errors_of(response) == {(5, "given_name")}


def test_case_columns_must_agree_across_a_case(world, cw):
    rows = family("UNHCR-KEN-0001")
    rows[1]["destination_country"] = "CAN"
    response = upload(cw, world.office_a, csv_bytes(rows))
    assert errors_of(response) == {(3, "destination_country")}


@pytest.mark.parametrize(("name", "content", "detail"), [
    ("cases.txt", b"case_ref\n", "Upload a .csv or .xlsx file"),
    ("cases.csv", b"", "The file is empty"),
    ("cases.xlsx", b"case_ref,given_name\n", "does not match its .xlsx extension"),
    ("cases.csv", b"\x00\x01\x02binary", "does not match its .csv extension"),
])
def test_unreadable_uploads_answer_422_naming_the_file(world, cw, name, content, detail):
    response = upload(cw, world.office_a, content, name=name)
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "file" and detail in body["detail"]
    assert not ImportJob.objects.exists()


def test_an_oversized_upload_is_refused(world, cw, settings):
    settings.PASSAGE_IMPORT_MAX_BYTES = 100
    response = upload(cw, world.office_a, csv_bytes(family("A")))
    assert response.status_code == 422 and "larger than" in response.json()["detail"]


@pytest.mark.parametrize(("content", "column", "detail"), [
    (b"case_ref,given_name\n", "programme", "missing"),
    (csv_bytes(single("A"), fields=(*IMPORT_FIELDS, "shoe_size")), "shoe_size", "Unknown column"),
    (("case_ref," + "x" * 70_000 + "\n").encode(), "file", "longer than"),
    ("case_ref,programme\nA,réinstallation\n".encode("latin-1"), "file", "not UTF-8"),
    (csv_bytes([]), None, "no rows"),
])
def test_hostile_files_fail_with_a_report(world, cw, content, column, detail):
    job = upload(cw, world.office_a, content).json()
    assert job["status"] == "failed"
    assert any(e["column"] == column and detail in e["detail"] for e in job["errors"]), job["errors"]


def test_wrong_types_in_every_kind_of_cell(world, cw):
    rows = single("A", date_of_birth="yesterday", dob_precision="roughly", languages="arabic", priority="high",
                  destination_country="12", email="x" * 300, registered_on="2999-01-01")
    job = upload(cw, world.office_a, csv_bytes(rows)).json()
    columns = {e["column"] for e in job["errors"]}
    assert {"date_of_birth", "dob_precision", "languages", "priority", "destination_country", "email"} <= columns


def test_the_report_is_capped_with_a_count_of_the_rest(world, cw, settings):
    settings.PASSAGE_IMPORT_MAX_REPORTED_ERRORS = 3
    rows = [r for i in range(10) for r in single(f"R{i}", sex="Q")]
    job = upload(cw, world.office_a, csv_bytes(rows)).json()
    assert len(job["errors"]) == 4 and "7 more" in job["errors"][-1]["detail"]


def test_the_csv_template_lists_the_columns_and_imports_once_filled(world, cw):
    template = cw.get("/api/v1/imports/template.csv")
    assert template.status_code == 200
    text = template.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(IMPORT_FIELDS)
    assert "# sex" in text and "ISO 3166-1 alpha-3" in text
    filled = text + csv_bytes(single("T1")).decode().split("\r\n", 1)[1]
    job = upload(cw, world.office_a, filled.encode()).json()
    assert (job["status"], job["created_cases"]) == ("succeeded", 1), job["errors"]


def test_the_xlsx_template_has_a_columns_sheet(cw):
    response = cw.get("/api/v1/imports/template.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["cases", "columns"]
    assert [c.value for c in book["cases"][1]] == list(IMPORT_FIELDS)
    documented = {row[0] for row in book["columns"].iter_rows(min_row=2, values_only=True)}
    assert documented == set(IMPORT_FIELDS)


def test_another_offices_job_answers_404_and_its_office_refuses_the_upload(world, cw, api_client):
    job_id = upload(cw, world.office_a, csv_bytes(single("A"))).json()["id"]
    other = api_client(world.caseworker_b)
    assert other.get(f"/api/v1/imports/{job_id}").status_code == 404
    assert cw.get(f"/api/v1/imports/{job_id}").status_code == 200
    assert upload(other, world.office_a, csv_bytes(single("B"))).status_code == 403
    reader = api_client(world.compliance_hq)
    assert upload(reader, world.office_a, csv_bytes(single("C"))).status_code == 403


def test_large_files_run_as_a_background_task(world, cw, settings, django_capture_on_commit_callbacks):
    settings.PASSAGE_IMPORT_INLINE_BYTES = 0
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(cw, world.office_a, csv_bytes(family("BG-1")))
    assert response.json()["status"] == "pending"
    job = ImportJob.objects.get(pk=response.json()["id"])
    assert (job.status, job.created_cases, job.processed_rows) == ("succeeded", 1, 3)
    assert not Path(job.stored_path).exists()


def test_pages_upload_and_show_progress_and_report(world, client):
    client.force_login(world.caseworker_a)
    page = client.get("/cases/import/")
    assert page.status_code == 200 and b'name="dry_run"' in page.content and b"CO-KEN" in page.content
    content = csv_bytes(single("P1", sex="Q"))
    response = client.post("/cases/import/", {"office": world.office_a.pk, "file": SimpleUploadedFile("c.csv", content)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/import/{job.pk}/"
    report = client.get(response["Location"])
    assert b"<th scope=\"col\">Row</th>" in report.content and b"sex" in report.content
    progress = client.get(f"/cases/import/{job.pk}/progress/")
    assert progress["HX-Refresh"] == "true"
    ImportJob.objects.filter(pk=job.pk).update(status="running", processed_rows=5, total_rows=10)
    running = client.get(f"/cases/import/{job.pk}/progress/")
    assert b'hx-trigger="every 2s"' in running.content and b'<progress id=' in running.content
    assert b"<label for=\"import-bar-" in running.content
    client.force_login(world.caseworker_b)
    assert client.get(f"/cases/import/{job.pk}/").status_code == 404


def test_the_page_refuses_a_wrong_file_on_the_form(world, client):
    client.force_login(world.caseworker_a)
    response = client.post("/cases/import/", {"office": world.office_a.pk,
                                              "file": SimpleUploadedFile("c.pdf", b"%PDF-1.4")})
    assert response.status_code == 200 and b"Upload a .csv or .xlsx file" in response.content


# --- A kill in the middle of the write ---------------------------------------------------------

def _kill_mid_import(env: dict[str, str], path: Path) -> None:
    cmd = [sys.executable, "manage.py", "import_cases", str(path), "--office", "KILL-OFF", "--user", "kill_cw", "-v", "2"]
    proc = subprocess.Popen(cmd, cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE,  # nosec B603
                            stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stdout:
            if line.startswith("wrote"):  # a first batch is in the open transaction
                proc.send_signal(signal.SIGKILL)
                break
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL, f"the import was not killed mid-way: {proc.stderr.read()[-2000:]}"


@pytest.mark.django_db(transaction=True)
def test_a_killed_import_leaves_the_database_as_it_was(tmp_path):
    from passage.demo.casefile import case_rows, write_csv

    path = tmp_path / "big.csv"
    write_csv(path, case_rows(3000, prefix="KILL"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PASSAGE_IMPORT_DIR"] = str(tmp_path / "imports")
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        env["PASSAGE_DATA_DIR"] = str(tmp_path)  # a file database of its own, in this test's directory
        subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=settings.BASE_DIR, env=env,  # nosec B603
                       check=True, timeout=300)
        setup = ("from passage.core.models import Office, Role, Membership, User\n"
                 "o = Office.objects.create(code='KILL-OFF', name='Kill', kind='country', country='KEN')\n"
                 "u = User.objects.create(username='kill_cw')\n"
                 "Membership.objects.create(user=u, office=o, role='caseworker')\n")
        subprocess.run([sys.executable, "manage.py", "shell", "-c", setup], cwd=settings.BASE_DIR, env=env,  # nosec B603
                       check=True, timeout=120)
        count = ("from passage.registry.models import Case, Person, CaseMember\n"
                 "print(Case.objects.count(), Person.objects.count(), CaseMember.objects.count())")

        def counts() -> str:
            return subprocess.run([sys.executable, "manage.py", "shell", "-c", count], cwd=settings.BASE_DIR,  # nosec B603
                                  env=env, check=True, capture_output=True, text=True, timeout=120).stdout.split()[-3:]
    else:
        from passage.core.tests.factories import OfficeFactory

        env["DATABASE_URL"] = (f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
                               f"/{db['NAME']}")
        office = OfficeFactory(code="KILL-OFF")
        UserFactory(username="kill_cw", roles=[(office, Role.CASEWORKER)])

        def counts() -> list[str]:
            return [str(Case.objects.count()), str(Person.objects.count()), str(CaseMember.objects.count())]

    before = counts()
    _kill_mid_import(env, path)
    assert counts() == before
    # The killed job stays "running" until the sweep sees its worker silent for too long.
    sweep = subprocess.run([sys.executable, "manage.py", "sweep_import_jobs"], cwd=settings.BASE_DIR,  # nosec B603
                           env={**env, "PASSAGE_IMPORT_STALE_MINUTES": "0"}, check=True, capture_output=True,
                           text=True, timeout=120)
    assert "Marked failed 1 import job(s)" in sweep.stdout, sweep.stdout + sweep.stderr


def _excel_style_workbook(path: Path, rows: list[list[str]]) -> None:
    """A workbook as Excel saves it: every text cell an index into xl/sharedStrings.xml."""
    import zipfile
    from xml.sax.saxutils import escape  # nosec B406: writes XML, parses nothing

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    table: dict[str, int] = {}
    sheet_rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{chr(65 + c)}{r}" t="s"><v>{table.setdefault(v, len(table))}</v></c>'
                                   for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows, start=1))
    strings = "".join(f"<si><t>{escape(v)}</t></si>" for v in table)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   f'<Override PartName="/xl/workbook.xml" ContentType="{sml}.sheet.main+xml"/>'
                   f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{sml}.worksheet+xml"/>'
                   f'<Override PartName="/xl/sharedStrings.xml" ContentType="{sml}.sharedStrings+xml"/></Types>')
        z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
                   '<sheet name="cases" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
                   f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{main}"><sheetData>{sheet_rows}</sheetData></worksheet>')
        z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{main}" count="{len(table)}">{strings}</sst>')


@pytest.mark.parametrize("limit", [0, 16_000_000])
def test_a_big_shared_strings_table_is_read_from_disk(tmp_path, settings, limit):
    from passage.registry import imports

    settings.PASSAGE_XLSX_STRINGS_IN_MEMORY_BYTES = limit
    settings.PASSAGE_IMPORT_DIR = tmp_path
    rows = [["case_ref", "given_name"], *[[f"REF-{i}", "Fatuma" if i % 2 else "Mohamed & Sons"] for i in range(300)]]
    path = tmp_path / "excel.xlsx"
    _excel_style_workbook(path, rows)
    workbook, disk_strings = imports._open_workbook(path)
    assert (disk_strings is not None) == (limit == 0)
    if disk_strings is not None:
        assert len(disk_strings) == 304  # two headers, 300 references, two names
        disk_strings.close()
    workbook.close()
    assert list(imports._read_xlsx(path, None)) == rows
