from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.i18n import set_language

from passage.api import api
from passage.core import views as core
from passage.core import views_staff as core_staff
from passage.registry import views as registry
from passage.registry import views_duplicates as registry_duplicates
from passage.registry import views_imports as registry_imports
from passage.registry import views_projects as registry_projects
from passage.registry import views_records as registry_records

urlpatterns = [
    path("", core.home, name="home"),
    path("healthz", core.healthz, name="healthz"),
    path("login/", core.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/2fa/", core.second_factor, name="second-factor"),
    path("account/tokens/", core.api_tokens, name="api-tokens"),
    path("account/tokens/<int:token_id>/revoke/", core.revoke_api_token, name="api-token-revoke"),
    path("audit/", core.audit_trail, name="audit"),
    path("reference/airlines/", core.airlines, name="airlines"),
    path("reference/airlines/<int:airline_id>/", core.airline_edit, name="airline-edit"),
    path("staff/", core_staff.staff_list, name="staff-list"),
    path("staff/<int:staff_user_id>/", core_staff.staff_user, name="staff-user"),
    path("staff/memberships/<int:membership_id>/revoke/", core_staff.membership_revoke,
         name="staff-membership-revoke"),
    path("staff/offices/", core_staff.office_list, name="staff-offices"),
    path("staff/offices/new/", core_staff.office_new, name="staff-office-new"),
    path("cases/", registry.case_list, name="case-list"),
    path("cases/new/", registry.case_register, name="case-register"),
    path("cases/import/", registry_imports.import_upload, name="case-import"),
    path("cases/import/<int:job_id>/", registry_imports.import_job, name="case-import-job"),
    path("cases/import/<int:job_id>/progress/", registry_imports.import_job_progress, name="case-import-progress"),
    path("cases/import/template.csv", registry_imports.import_template, {"kind": "csv"}, name="case-import-template-csv"),
    path("cases/import/template.xlsx", registry_imports.import_template, {"kind": "xlsx"},
         name="case-import-template-xlsx"),
    path("cases/export.csv", registry_imports.export_cases, {"kind": "csv"}, name="case-export-csv"),
    path("cases/export.xlsx", registry_imports.export_cases, {"kind": "xlsx"}, name="case-export-xlsx"),
    path("cases/<str:number>/", registry.case_detail, name="case-detail"),
    path("cases/<str:number>/edit/", registry.case_edit, name="case-edit"),
    path("cases/<str:number>/status/", registry.case_transition, name="case-transition"),
    path("cases/<str:number>/members/add/", registry.member_add, name="case-member-add"),
    path("cases/<str:number>/members/<int:person_id>/leave/", registry.member_leave, name="case-member-leave"),
    path("cases/<str:number>/members/<int:person_id>/edit/", registry.person_edit, name="case-person-edit"),
    path("cases/<str:number>/documents/add/", registry.document_add, name="case-document-add"),
    path("cases/<str:number>/clearances/add/", registry.clearance_add, name="case-clearance-add"),
    path("cases/<str:number>/vulnerabilities/add/", registry.vulnerability_add, name="case-vulnerability-add"),
    path("cases/<str:number>/notes/add/", registry.note_add, name="case-note-add"),
    path("cases/<str:number>/travel-loan/", registry.travel_loan, name="case-travel-loan"),
    path("cases/<str:number>/expedite/", registry.expedite_request, name="case-expedite"),
    path("clearances/<int:clearance_id>/edit/", registry_records.clearance_edit, name="clearance-edit"),
    path("documents/<int:document_id>/verify/", registry_records.document_verify, name="document-verify"),
    path("vulnerabilities/<int:vulnerability_id>/resolve/", registry_records.vulnerability_resolve,
         name="vulnerability-resolve"),
    path("projects/", registry_projects.project_list, name="project-list"),
    path("projects/new/", registry_projects.project_new, name="project-new"),
    path("projects/<int:project_id>/edit/", registry_projects.project_edit, name="project-edit"),
    path("receiving-partners/", registry_projects.partner_list, name="partner-list"),
    path("receiving-partners/new/", registry_projects.partner_new, name="partner-new"),
    path("receiving-partners/<int:receiving_partner_id>/edit/", registry_projects.partner_edit,
         name="partner-edit"),
    path("expedite/", registry.expedite_queue, name="expedite-queue"),
    path("expedite/<int:request_id>/", registry.expedite_decide, name="expedite-decide"),
    path("duplicates/", registry_duplicates.duplicate_queue, name="duplicate-queue"),
    path("duplicates/<int:candidate_id>/merge/", registry_duplicates.duplicate_merge, name="duplicate-merge"),
    path("duplicates/<int:candidate_id>/dismiss/", registry_duplicates.duplicate_dismiss, name="duplicate-dismiss"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
]
