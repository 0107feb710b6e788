from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.i18n import set_language

from passage.api import api
from passage.core import views as core
from passage.registry import views as registry

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
    path("cases/", registry.case_list, name="case-list"),
    path("cases/<str:number>/", registry.case_detail, name="case-detail"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
]
