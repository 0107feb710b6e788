"""Health pages, included from passage/urls.py under /health/."""

from django.urls import path

from passage.health import views, views_embarkation

urlpatterns = [
    path("clinic/", views.clinic, name="health-clinic"),
    path("persons/<int:person_id>/", views.person, name="health-person"),
    path("persons/<int:person_id>/consent/", views.consent, name="health-consent"),
    path("persons/<int:person_id>/fhir/", views.fhir_download, name="health-fhir"),
    path("fitness/", views.fitness_board, name="health-fitness-board"),
    path("pre-embarkation/", views_embarkation.pre_embarkation, name="health-pre-embarkation"),
    path("rules/", views.rules, name="health-rules"),
    path("morbidity/", views.morbidity, name="health-morbidity"),
]
