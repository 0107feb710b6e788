"""Partner webhook administration: the webhooks the user manages, registering one, editing,
disabling and enabling it, rotating its shared secret (shown once) and the delivery log with a
retry for failed deliveries. Who sees what is selectors.webhooks_for; the writes are
passage.movements.webhooks (audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from passage.core.errors import DomainError
from passage.core.models import Role
from passage.movements import forms, selectors, webhooks
from passage.movements.models import Webhook, WebhookDelivery

DELIVERIES_SHOWN = 100


def _webhook(request: HttpRequest, webhook_id: int) -> Webhook:
    try:
        return selectors.webhooks_for(user=request.user).get(pk=webhook_id)
    except Webhook.DoesNotExist as exc:
        raise Http404 from exc


def _create_form(request: HttpRequest, data=None) -> forms.WebhookForm:
    user = request.user
    if user.is_partner:
        return forms.WebhookForm(data, with_office=False, partner_country=user.partner_country)
    return forms.WebhookForm(data, offices=webhooks.offices_for(user),
                             office_optional=user.has_role(Role.SYSTEM_ADMIN))


@login_required
@require_http_methods(["GET", "POST"])
def webhook_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not webhooks.may_register(user):
        return render(request, "core/forbidden.html", status=403)
    form = _create_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        office = next((o for o in webhooks.offices_for(user) if o.pk == data.get("office_id")), None)
        try:
            hook, secret = webhooks.create_webhook(
                actor=user, partner_country=user.partner_country if user.is_partner else data["partner_country"],
                url=data["url"], kinds=data["kinds"], office=office)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Webhook registered."))
            return _detail(request, hook, secret=secret, status=201)
    hooks = list(selectors.webhooks_for(user=user).order_by("partner_country", "id"))
    return render(request, "movements/webhook_list.html", {"hooks": hooks, "form": form},
                  status=422 if form.is_bound else 200)


def _detail(request: HttpRequest, hook: Webhook, *, secret: str = "", edit_form=None, status: int = 200):
    deliveries = list(selectors.webhook_deliveries_for(user=request.user).filter(webhook=hook)
                      .order_by("-id")[:DELIVERIES_SHOWN])
    for delivery in deliveries:
        last = delivery.log[-1] if delivery.log else {}
        delivery.last_code = last.get("status_code")
        delivery.last_error = last.get("error", "")
    edit_form = edit_form or forms.WebhookEditForm(initial={"url": hook.url, "kinds": hook.kinds})
    return render(request, "movements/webhook_detail.html", {
        "hook": hook, "secret": secret, "edit_form": edit_form, "deliveries": deliveries,
        "failed": WebhookDelivery.Status.FAILED}, status=status)


@login_required
@require_GET
def webhook_detail(request: HttpRequest, webhook_id: int) -> HttpResponse:
    return _detail(request, _webhook(request, webhook_id))


@login_required
@require_POST
def webhook_action(request: HttpRequest, webhook_id: int, action: str) -> HttpResponse:
    hook = _webhook(request, webhook_id)
    try:
        if action == "edit":
            form = forms.WebhookEditForm(request.POST)
            if not form.is_valid():
                return _detail(request, hook, edit_form=form, status=422)
            try:
                webhooks.update_webhook(actor=request.user, hook=hook, url=form.cleaned_data["url"],
                                        kinds=form.cleaned_data["kinds"])
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                return _detail(request, hook, edit_form=form, status=422)
            messages.success(request, _("Webhook saved."))
        elif action in ("disable", "enable"):
            webhooks.update_webhook(actor=request.user, hook=hook, is_active=action == "enable")
            messages.success(request, _("Webhook enabled.") if action == "enable" else _("Webhook disabled."))
        elif action == "rotate":
            hook, secret = webhooks.rotate_secret(actor=request.user, hook=hook)
            messages.success(request, _("A new shared secret was made; the old one no longer signs deliveries."))
            return _detail(request, hook, secret=secret)
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("movements-webhook", hook.pk)


@login_required
@require_POST
def delivery_retry(request: HttpRequest, delivery_id: int) -> HttpResponse:
    try:
        delivery = selectors.webhook_deliveries_for(user=request.user).get(pk=delivery_id)
    except WebhookDelivery.DoesNotExist as exc:
        raise Http404 from exc
    try:
        webhooks.retry_delivery(actor=request.user, delivery=delivery)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        delivery.refresh_from_db()
        messages.success(request, _("Delivery %(id)s sent again: %(status)s.") % {
            "id": delivery.pk, "status": delivery.get_status_display()})
    return redirect("movements-webhook", delivery.webhook_id)
