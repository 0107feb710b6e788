"""Offices, the people who use Passage and their roles, API tokens, the audit log and airlines."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from passage.core import reference


def validate_country(value: str) -> None:
    if not reference.is_country(value):
        raise ValidationError(_("%(value)s is not an ISO 3166-1 alpha-3 country code."), params={"value": value})


@dataclass(frozen=True)
class ScopeFields:
    """Where a model keeps the office that owns a row and the country a partner may read it for."""

    office: str
    partner_country: str | None = None


class Region(models.Model):
    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    class Kind(models.TextChoices):
        HEADQUARTERS = "hq", _("Headquarters")
        REGIONAL = "regional", _("Regional office")
        COUNTRY = "country", _("Country office")
        SUB_OFFICE = "sub", _("Sub-office")

    code = models.CharField(max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=3, validators=[validate_country])
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="offices")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    is_active = models.BooleanField(default=True)

    SCOPE = ScopeFields(office="pk")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    MEDICAL_OFFICER = "medical_officer", _("Medical officer")
    TRAINER = "trainer", _("Trainer")
    MOVEMENT_OFFICER = "movement_officer", _("Movement officer")
    CHARTER_MANAGER = "charter_manager", _("Charter manager")
    FINANCE = "finance", _("Finance")
    COMPLIANCE_OFFICER = "compliance_officer", _("Compliance officer")
    INFORMATION_MANAGEMENT = "information_management", _("Information management")
    OFFICE_ADMIN = "office_admin", _("Office administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


# Roles whose holders must pass a second factor (TOTP) before they see anything.
SECOND_FACTOR_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.MEDICAL_OFFICER})


class User(AbstractUser):
    """A person who signs in. Staff act through office memberships; partners through a country."""

    partner_country = models.CharField(
        _("partner country"), max_length=3, blank=True, validators=[validate_country],
        help_text=_("Set for partner users: the receiving country whose arrivals they may read."),
    )
    partner_organisation = models.CharField(_("partner organisation"), max_length=200, blank=True)

    @property
    def is_partner(self) -> bool:
        return bool(self.partner_country)

    def roles(self) -> set[str]:
        if not hasattr(self, "_passage_roles"):
            self._passage_roles = set(self.memberships.values_list("role", flat=True))
        return self._passage_roles

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles() & set(roles))

    @property
    def needs_second_factor(self) -> bool:
        return self.is_superuser or bool(self.roles() & SECOND_FACTOR_ROLES)


class Membership(models.Model):
    """A user's role in an office; it covers that office and every office below it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "office", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()} @ {self.office.code}"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, help_text="The first characters of the token, to recognise it.")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise PermissionError("Audit events are append-only.")

    def delete(self):  # type: ignore[override]
        raise PermissionError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One write (or one read of sensitive data). Append-only: see core/audit.py and migration 0002."""

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=150, help_text="The actor's user name when the event happened.")
    action = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=60, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    office = models.ForeignKey(Office, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    SCOPE = ScopeFields(office="office")

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"


class Airline(models.Model):
    """Carriers the agency books, editable by system administrators (seeded in migration 0003)."""

    iata_code = models.CharField(_("IATA code"), max_length=2, unique=True)
    icao_code = models.CharField(_("ICAO code"), max_length=3, blank=True)
    name = models.CharField(_("name"), max_length=120)
    country = models.CharField(_("country"), max_length=3, validators=[validate_country])
    has_agreement = models.BooleanField(_("global airline agreement"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.iata_code} {self.name}"
