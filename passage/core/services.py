"""Writes of the core app: API tokens, second-factor enrolment, airlines, sign-in events.
Each function is one transaction that writes, audits and raises a DomainError on refusal."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from passage.core import audit, reference
from passage.core.errors import ConflictError, DomainError, PermissionDeniedError
from passage.core.models import Airline, ApiToken, Membership, Office, Region, Role, User

# A public marker that tells Passage tokens apart (and lets scanners spot leaked ones); not a secret.
TOKEN_PREFIX = "psg_"  # nosec B105


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown to the user once, never stored


def create_api_token(*, actor: User, name: str, expires_at: datetime | None = None) -> IssuedToken:
    name = name.strip()
    if not name:
        raise DomainError(_("Give the token a name so you can recognise it later."), field="name")
    if len(name) > 100:
        raise DomainError(_("The name is longer than 100 characters."), field="name")
    if expires_at is not None and expires_at <= timezone.now():
        raise DomainError(_("The expiry must be in the future."), field="expires_at")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor, name=name, prefix=secret[:10], digest=token_digest(secret), expires_at=expires_at
        )
        audit.record(
            actor=actor, action="api_token.create", obj=token,
            after={"name": name, "prefix": token.prefix, "expires_at": expires_at.isoformat() if expires_at else None},
        )
    return IssuedToken(token=token, secret=secret)


def revoke_api_token(*, actor: User, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk:
        raise PermissionDeniedError(_("Only the token's owner may revoke it."))
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor, action="api_token.revoke", obj=token,
            before={"revoked_at": None}, after={"revoked_at": token.revoked_at.isoformat()},
        )
    return token


def authenticate_api_token(secret: str) -> User | None:
    """The active user behind a bearer token, or None. Updates last use at most once a minute."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# --- Second factor ----------------------------------------------------------------------------

def start_totp_enrolment(*, actor: User) -> TOTPDevice:
    """An unconfirmed TOTP device for `actor` (reused if enrolment was started before)."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=actor, name="Authenticator app", confirmed=False)
            audit.record(actor=actor, action="totp.enrolment_started", obj=device)
    return device


def confirm_totp_enrolment(*, actor: User, device: TOTPDevice, code: str) -> TOTPDevice:
    if device.user_id != actor.pk or device.confirmed:
        raise PermissionDeniedError(_("This enrolment is not yours to confirm."))
    if not code.strip().isdigit() or not device.verify_token(code.strip()):
        raise DomainError(_("That code is not the one your authenticator shows now; try the next one."), field="code")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=actor, confirmed=False).exclude(pk=device.pk).delete()
        audit.record(actor=actor, action="totp.enrolled", obj=device, after={"confirmed": True})
    return device


# --- Airlines ---------------------------------------------------------------------------------

AIRLINE_FIELDS = ("iata_code", "icao_code", "name", "country", "has_agreement", "is_active")


def _check_airline_admin(actor: User) -> None:
    if actor.is_partner or not actor.has_role(Role.SYSTEM_ADMIN):
        raise PermissionDeniedError(_("Only system administrators edit the airline table."))


def _clean_airline(data: dict) -> dict:
    cleaned = dict(data)
    for field, value in cleaned.items():
        if value is None and field != "icao_code":
            raise DomainError(_("This field cannot be null."), field=field)
    if "iata_code" in cleaned:
        code = cleaned["iata_code"].strip().upper()
        if len(code) != 2 or not code.isalnum():
            raise DomainError(_("An IATA airline code is two letters or digits."), field="iata_code")
        cleaned["iata_code"] = code
    if "icao_code" in cleaned:
        code = (cleaned["icao_code"] or "").strip().upper()
        if code and (len(code) != 3 or not code.isalpha()):
            raise DomainError(_("An ICAO airline code is three letters."), field="icao_code")
        cleaned["icao_code"] = code
    if "country" in cleaned:
        cleaned["country"] = cleaned["country"].strip().upper()
        if not reference.is_country(cleaned["country"]):
            raise DomainError(_("Use an ISO 3166-1 alpha-3 country code, such as KEN."), field="country")
    if "name" in cleaned:
        cleaned["name"] = cleaned["name"].strip()
        if not cleaned["name"]:
            raise DomainError(_("The airline needs a name."), field="name")
    return cleaned


def create_airline(*, actor: User, iata_code: str, name: str, country: str, icao_code: str = "",
                   has_agreement: bool = False, is_active: bool = True) -> Airline:
    _check_airline_admin(actor)
    data = _clean_airline({"iata_code": iata_code, "icao_code": icao_code, "name": name, "country": country,
                           "has_agreement": has_agreement, "is_active": is_active})
    try:
        with transaction.atomic():
            airline = Airline.objects.create(**data)
            audit.record(actor=actor, action="airline.create", obj=airline, after=audit.snapshot(airline))
    except IntegrityError as exc:
        raise ConflictError(_("An airline with IATA code %(code)s already exists.") % {"code": data["iata_code"]},
                            field="iata_code") from exc
    return airline


def update_airline(*, actor: User, airline: Airline, **changes) -> Airline:
    _check_airline_admin(actor)
    unknown = set(changes) - set(AIRLINE_FIELDS)
    if unknown:
        raise DomainError(_("Unknown field: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}, field=sorted(unknown)[0])
    data = _clean_airline(changes)
    try:
        with transaction.atomic():
            airline = Airline.objects.select_for_update().get(pk=airline.pk)
            before = audit.snapshot(airline)
            for field, value in data.items():
                setattr(airline, field, value)
            airline.save()
            audit.record(actor=actor, action="airline.update", obj=airline, before=before, after=audit.snapshot(airline))
    except IntegrityError as exc:
        raise ConflictError(_("An airline with IATA code %(code)s already exists.") % {"code": data.get("iata_code")},
                            field="iata_code") from exc
    return airline


# --- Sign-in events (called from django.contrib.auth signals in core/apps.py) ------------------

def record_sign_in(*, user: User) -> None:
    with transaction.atomic():
        audit.record(actor=user, action="auth.sign_in", obj=user)


def record_sign_out(*, user: User) -> None:
    with transaction.atomic():
        audit.record(actor=user, action="auth.sign_out", obj=user)


def record_sign_in_failure(*, username: str) -> None:
    with transaction.atomic():
        audit.record(actor=None, action="auth.sign_in_failed", object_type="core.user", object_id=username[:64])


# --- Offices and memberships (operators' commands; pages come with user administration) ------

def create_office(*, actor: User | None, code: str, name: str, kind: str, country: str,
                  parent: Office | None = None, region: Region | None = None) -> Office:
    code = code.strip().upper()
    if not code or len(code) > 12:
        raise DomainError(_("An office code is 1 to 12 characters."), field="code")
    if kind not in Office.Kind.values:
        raise DomainError(_("Kind is one of: %(kinds)s.") % {"kinds": ", ".join(Office.Kind.values)}, field="kind")
    if not reference.is_country(country.upper()):
        raise DomainError(_("Use an ISO 3166-1 alpha-3 country code, such as KEN."), field="country")
    if kind == Office.Kind.HEADQUARTERS and parent is not None:
        raise DomainError(_("Headquarters has no parent office."), field="parent")
    if kind != Office.Kind.HEADQUARTERS and parent is None:
        raise DomainError(_("Every office but headquarters sits under a parent office."), field="parent")
    try:
        with transaction.atomic():
            office = Office.objects.create(code=code, name=name.strip(), kind=kind, country=country.upper(),
                                           parent=parent, region=region)
            audit.record(actor=actor, action="office.create", obj=office, office=office, after=audit.snapshot(office))
    except IntegrityError as exc:
        raise ConflictError(_("An office with code %(code)s already exists.") % {"code": code}, field="code") from exc
    return office


def grant_role(*, actor: User | None, user: User, office: Office, role: str) -> Membership:
    if role not in Role.values:
        raise DomainError(_("Role is one of: %(roles)s.") % {"roles": ", ".join(Role.values)}, field="role")
    if user.is_partner:
        raise DomainError(_("Partner users hold no office roles."), field="user")
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, office=office, role=role)
        if created:
            audit.record(actor=actor, action="membership.grant", obj=membership, office=office,
                         after={"user": user.get_username(), "office": office.code, "role": role})
    return membership


def revoke_role(*, actor: User | None, membership: Membership) -> None:
    with transaction.atomic():
        audit.record(actor=actor, action="membership.revoke", obj=membership, office=membership.office_id,
                     before={"user": membership.user.get_username(), "office": membership.office.code,
                             "role": membership.role})
        membership.delete()
