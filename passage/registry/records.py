"""Writes of what is recorded about a case and its people: identity and travel documents,
clearances with their validity, vulnerabilities, notes and travel loans. Same rules as services.py:
role checked in the case's office, one transaction, audited, DomainError naming the field."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passage.core import audit
from passage.core.errors import ConflictError, DomainError
from passage.core.models import User
from passage.registry.models import (
    Case,
    CaseNote,
    Clearance,
    IdentityDocument,
    Person,
    TravelLoan,
    Vulnerability,
)
from passage.registry.schemas import ClearanceIn, ClearancePatch, DocumentIn, NoteIn, TravelLoanIn, VulnerabilityIn
from passage.registry.services import CASE_EDITORS, _require
from passage.registry.signals import CLEARANCE, inputs_changed

# Clearances the movement side records (bookings need them); the case team records the others too.
CLEARANCE_EDITORS = (*CASE_EDITORS, "movement_officer")


def add_document(*, actor: User, person: Person, data: DocumentIn) -> IdentityDocument:
    _require(actor, person.office_id, CASE_EDITORS, _("Your role does not allow you to record documents in this office."))
    with transaction.atomic():
        clash = (
            IdentityDocument.objects.select_for_update()
            .filter(kind=data.kind, number=data.number, issuing_country=data.issuing_country)
            .exclude(person__in=[person.pk])
            .exclude(person__merged_into=person)
            .first()
        )
        if clash is not None:
            raise ConflictError(
                _("This document number is already recorded for another person; check for a duplicate registration."),
                field="number",
            )
        if IdentityDocument.objects.filter(person=person, kind=data.kind, number=data.number,
                                           issuing_country=data.issuing_country).exists():
            raise ConflictError(_("This document is already recorded for this person."), field="number")
        document = IdentityDocument.objects.create(person=person, **data.model_dump())
        audit.record(actor=actor, action="document.add", obj=document, office=person.office_id,
                     after=audit.snapshot(document))
    return document


def verify_document(*, actor: User, document: IdentityDocument) -> IdentityDocument:
    _require(actor, document.person.office_id, CASE_EDITORS,
             _("Your role does not allow you to verify documents in this office."))
    with transaction.atomic():
        document = IdentityDocument.objects.select_for_update().get(pk=document.pk)
        if document.verified_at is None:
            document.verified_by = actor
            document.verified_at = timezone.now()
            document.save(update_fields=["verified_by", "verified_at"])
            audit.record(actor=actor, action="document.verify", obj=document, office=document.person.office_id,
                         after={"verified_at": document.verified_at.isoformat()})
    return document


def _check_clearance(case: Case, kind: str, person_id: int | None, transit_country: str, status: str,
                     valid_from, valid_until) -> None:
    if kind in Clearance.DERIVED_KINDS:
        raise DomainError(_("Health and orientation clearances come from their own modules and cannot be entered here."),
                          field="kind")
    if kind == Clearance.Kind.TRANSIT_WAIVER and not transit_country:
        raise DomainError(_("A transit visa waiver names its transit country."), field="transit_country")
    if kind != Clearance.Kind.TRANSIT_WAIVER and transit_country:
        raise DomainError(_("Only a transit visa waiver has a transit country."), field="transit_country")
    if person_id is not None and not case.members.filter(person_id=person_id, left_on__isnull=True).exists():
        raise DomainError(_("This person is not a current member of the case."), field="person_id")
    if status == Clearance.Status.GRANTED and valid_from is None:
        raise DomainError(_("A granted clearance says from when it is valid."), field="valid_from")
    if valid_from and valid_until and valid_until < valid_from:
        raise DomainError(_("The validity ends before it starts."), field="valid_until")


def record_clearance(*, actor: User, case: Case, data: ClearanceIn) -> Clearance:
    _require(actor, case.office_id, CLEARANCE_EDITORS, _("Your role does not allow you to record clearances in this office."))
    _check_clearance(case, data.kind, data.person_id, data.transit_country, data.status, data.valid_from,
                     data.valid_until)
    with transaction.atomic():
        clearance = Clearance.objects.create(case=case, recorded_by=actor, **data.model_dump())
        audit.record(actor=actor, action="clearance.record", obj=clearance, office=case.office_id,
                     after=audit.snapshot(clearance))
        inputs_changed([case.pk], inputs=[CLEARANCE], actor=actor)
    return clearance


def update_clearance(*, actor: User, clearance: Clearance, data: ClearancePatch) -> Clearance:
    case = clearance.case
    _require(actor, case.office_id, CLEARANCE_EDITORS, _("Your role does not allow you to record clearances in this office."))
    changes = data.model_dump(exclude_unset=True)
    for name in ("status", "reference"):
        if name in changes and changes[name] is None:
            raise DomainError(_("This field cannot be null."), field=name)
    with transaction.atomic():
        clearance = Clearance.objects.select_for_update().get(pk=clearance.pk)
        before = audit.snapshot(clearance)
        for name, value in changes.items():
            setattr(clearance, name, value)
        _check_clearance(case, clearance.kind, clearance.person_id, clearance.transit_country, clearance.status,
                         clearance.valid_from, clearance.valid_until)
        clearance.recorded_by = actor
        clearance.save()
        audit.record(actor=actor, action="clearance.update", obj=clearance, office=case.office_id, before=before,
                     after=audit.snapshot(clearance))
        inputs_changed([case.pk], inputs=[CLEARANCE], actor=actor)
    return clearance


# What the listeners of `case_inputs_changed` read of a derived clearance (besides its case, person
# and kind): a change of only its reason or reference is not announced.
GRANT_FIELDS = ("status", "valid_from", "valid_until")


def set_derived_clearance(*, actor: User | None, person: Person, kind: str, status: str,
                          valid_from=None, valid_until=None, reason: str = "", reference: str = "") -> list[Clearance]:
    """Set a member's health or orientation clearance in every case they currently belong to.

    Called by the health and orientation modules (inside their own transaction, after their own
    role checks) whenever what the clearance derives from changes; audited when it changes."""
    if kind not in Clearance.DERIVED_KINDS:
        raise DomainError(_("Only health and orientation clearances are derived."), field="kind")
    if status == Clearance.Status.GRANTED and valid_from is None:
        raise DomainError(_("A granted clearance says from when it is valid."), field="valid_from")
    if valid_from and valid_until and valid_until < valid_from:
        raise DomainError(_("The validity ends before it starts."), field="valid_until")
    wanted = {"status": status, "valid_from": valid_from, "valid_until": valid_until, "reason": reason[:300],
              "reference": reference[:80]}
    written, moved = [], []
    # No savepoint: the callers write inside their own transaction, and an error here undoes all of it.
    with transaction.atomic(savepoint=False):
        cases = list(Case.objects.filter(members__person=person, members__left_on__isnull=True)
                     .distinct().order_by("pk"))
        current = {c.case_id: c for c in Clearance.objects.select_for_update().filter(
            case__in=[case.pk for case in cases], person=person, kind=kind).order_by("-id")}
        for case in cases:
            clearance = current.get(case.pk)
            before = audit.snapshot(clearance) if clearance else None
            if clearance is None:
                clearance = Clearance(case=case, person=person, kind=kind)
                moved.append(case.pk)
            elif all(getattr(clearance, name) == value for name, value in wanted.items()):
                written.append(clearance)
                continue
            elif any(getattr(clearance, name) != wanted[name] for name in GRANT_FIELDS):
                moved.append(case.pk)
            for name, value in wanted.items():
                setattr(clearance, name, value)
            clearance.recorded_by = actor
            clearance.save()
            audit.record(actor=actor, action="clearance.derive", obj=clearance, office=case.office_id, before=before,
                         after=audit.snapshot(clearance))
            written.append(clearance)
        # Only real changes are announced: a listener that re-derives on the signal cannot loop. A
        # new reason or reference alone (the health clearance's "what is still missing" moves with
        # most records) is audited but not announced: no listener reads them.
        inputs_changed(moved, inputs=[CLEARANCE], actor=actor)
    return written


def add_vulnerability(*, actor: User, person: Person, data: VulnerabilityIn) -> Vulnerability:
    _require(actor, person.office_id, CASE_EDITORS, _("Your role does not allow you to record vulnerabilities in this office."))
    with transaction.atomic():
        if Vulnerability.objects.filter(person=person, code=data.code, resolved_on__isnull=True).exists():
            raise ConflictError(_("This vulnerability is already recorded and open."), field="code")
        vulnerability = Vulnerability.objects.create(person=person, code=data.code, detail=data.detail,
                                                     recorded_by=actor)
        # The detail is sensitive: the audit keeps that it was written, not what it says.
        audit.record(actor=actor, action="vulnerability.add", obj=vulnerability, office=person.office_id,
                     after={"code": data.code, "detail_recorded": bool(data.detail)})
    return vulnerability


def resolve_vulnerability(*, actor: User, vulnerability: Vulnerability) -> Vulnerability:
    _require(actor, vulnerability.person.office_id, CASE_EDITORS,
             _("Your role does not allow you to record vulnerabilities in this office."))
    with transaction.atomic():
        vulnerability = Vulnerability.objects.select_for_update().get(pk=vulnerability.pk)
        if vulnerability.resolved_on is not None:
            return vulnerability
        vulnerability.resolved_on = timezone.localdate()
        vulnerability.save(update_fields=["resolved_on"])
        audit.record(actor=actor, action="vulnerability.resolve", obj=vulnerability,
                     office=vulnerability.person.office_id, after={"resolved_on": vulnerability.resolved_on.isoformat()})
    return vulnerability


def add_note(*, actor: User, case: Case, data: NoteIn) -> CaseNote:
    _require(actor, case.office_id, CASE_EDITORS, _("Your role does not allow you to write case notes in this office."))
    with transaction.atomic():
        note = CaseNote.objects.create(case=case, author=actor, text=data.text, confidentiality=data.confidentiality,
                                       kind=data.kind)
        audit.record(actor=actor, action="note.add", obj=note, office=case.office_id,
                     after={"case": case.number, "confidentiality": data.confidentiality, "kind": data.kind})
    return note


def record_travel_loan(*, actor: User, case: Case, data: TravelLoanIn) -> TravelLoan:
    _require(actor, case.office_id, CASE_EDITORS, _("Your role does not allow you to record travel loans in this office."))
    with transaction.atomic():
        loan = TravelLoan.objects.select_for_update().filter(case=case).first()
        before = audit.snapshot(loan) if loan else None
        if loan is None:
            loan = TravelLoan(case=case)
        loan.amount = data.amount
        loan.currency = data.currency
        loan.promissory_note_signed_on = data.promissory_note_signed_on
        loan.recorded_by = actor
        loan.save()
        audit.record(actor=actor, action="travel_loan.record", obj=loan, office=case.office_id, before=before,
                     after=audit.snapshot(loan))
    return loan
