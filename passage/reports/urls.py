from django.urls import path

from passage.reports import views

urlpatterns = [
    path("", views.dashboard, name="reports-dashboard"),
    path("day/", views.snapshot, name="reports-snapshot"),
    path("sectors/", views.sectors, name="reports-sectors"),
    path("map/", views.flow_map, name="reports-map"),
    path("movements.csv", views.export, {"kind": "csv"}, name="reports-csv"),
    path("movements.xlsx", views.export, {"kind": "xlsx"}, name="reports-xlsx"),
    path("movements-hxl.csv", views.export, {"kind": "hxl"}, name="reports-hxl"),
    path("summary.pdf", views.export, {"kind": "pdf"}, name="reports-pdf"),
    path("persons.csv", views.export_persons, name="reports-persons"),
]
