"""Template context shared by every page: the navigation for the user's roles."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from passage.core.home import Task, partner_tasks, tasks_for_roles


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    tasks = [Task(_("Home"), reverse("home"))]
    tasks += partner_tasks(user) if user.is_partner else tasks_for_roles(user.roles())
    # The current item is the longest link the path starts with (/cases/new/ is "Register", not "Cases").
    path = request.path
    matches = [t.url for t in tasks if path == t.url or (t.url != "/" and path.startswith(t.url))]
    current = max(matches, key=len) if matches else None
    return {"nav_items": [{"label": t.label, "url": t.url, "current": t.url == current} for t in tasks]}
