"""Writes of the case registry: registering cases, composition, status transitions, expedite
requests and case details. Each function checks the actor's role in the case's office, writes,
audits and records case events in one transaction, and raises a DomainError naming the field."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passage.core import audit
from passage.core.errors import ConflictError, DomainError, PermissionDeniedError
from passage.core.models import Office, Role, User
from passage.core.scoping import can_act_in
from passage.registry.models import (
    Case,
    CaseEvent,
    CaseMember,
    CaseSequence,
    ExpediteRequest,
    Person,
    Project,
    ReceivingPartner,
)
from passage.registry.names import NAME_FIELDS, index_person_names
from passage.registry.projects import partner_refusal, project_refusal
from passage.registry.schemas import CaseIn, CasePatch, PersonIn
from passage.registry.signals import (
    CASE,
    COMPOSITION,
    DATE_OF_BIRTH,
    DESTINATION,
    REGISTERED,
    REPORTED_ATTRIBUTES,
    STATUS,
    attributes_changed,
    inputs_changed,
)

CASE_EDITORS = (Role.CASEWORKER, Role.OFFICE_ADMIN)
SUPERVISORS = (Role.OFFICE_ADMIN,)
PERSON_FIELDS = tuple(PersonIn.model_fields)
NAME_CHANGES = {*NAME_FIELDS, "aliases"}  # changes that re-index the person's name keys

R = CaseMember.Relationship
S = Case.Status

# The case workflow. Booking, departure and arrival are movement officers' moves.
TRANSITIONS: dict[str, set[str]] = {
    S.REGISTERED: {S.IN_PROCESSING, S.ON_HOLD, S.WITHDRAWN, S.REJECTED, S.CANCELLED},
    S.IN_PROCESSING: {S.APPROVED, S.ON_HOLD, S.WITHDRAWN, S.REJECTED, S.CANCELLED},
    S.APPROVED: {S.BOOKED, S.IN_PROCESSING, S.ON_HOLD, S.WITHDRAWN, S.CANCELLED},
    S.ON_HOLD: {S.IN_PROCESSING, S.APPROVED, S.WITHDRAWN, S.CANCELLED},
    S.BOOKED: {S.DEPARTED, S.APPROVED, S.ON_HOLD, S.CANCELLED},
    S.DEPARTED: {S.ARRIVED},
    S.ARRIVED: {S.CLOSED},
    S.WITHDRAWN: {S.CLOSED},
    S.REJECTED: {S.IN_PROCESSING, S.CLOSED},
    S.CANCELLED: {S.CLOSED},
    S.CLOSED: set(),
}
REASON_REQUIRED = {S.ON_HOLD, S.WITHDRAWN, S.REJECTED, S.CANCELLED}
MOVEMENT_STATUSES = {S.BOOKED, S.DEPARTED, S.ARRIVED}
# Composition is settled once a case is on its way.
COMPOSITION_LOCKED = {S.BOOKED, S.DEPARTED, S.ARRIVED, S.CLOSED}


@dataclass
class Warning:
    """A legitimate but unusual entry, accepted and shown to the user with the reason."""

    field: str
    detail: str


@dataclass
class Written:
    case: Case
    warnings: list[Warning] = field(default_factory=list)


def _require(actor: User, office_id: int, roles: tuple[str, ...], refusal: str) -> None:
    # The whole sentence is translated: an English phrase slotted into a translated frame reads badly.
    if not can_act_in(actor, office_id, roles):
        raise PermissionDeniedError(refusal)


def _event(case: Case, actor: User | None, kind: str, **fields) -> CaseEvent:
    return CaseEvent.objects.create(case=case, at=timezone.now(), actor=actor, office=case.office, kind=kind, **fields)


def next_case_number(office: Office, year: int) -> str:
    """Office country, year and a sequence per country and year: KEN-2026-000123. Must run in a
    transaction; the sequence row is locked so parallel registrations never share a number."""
    CaseSequence.objects.get_or_create(country=office.country, year=year)
    sequence = CaseSequence.objects.select_for_update().get(country=office.country, year=year)
    while True:  # skips numbers taken outside the sequence (legacy data, imports of old numbers)
        sequence.last += 1
        number = f"{office.country}-{year}-{sequence.last:06d}"
        if not Case.objects.filter(number=number).exists():
            break
    sequence.save(update_fields=["last"])
    return number


def take_case_numbers(office: Office, year: int, count: int) -> list[str]:
    """`count` numbers at once (bulk import), from the same locked sequence as next_case_number."""
    CaseSequence.objects.get_or_create(country=office.country, year=year)
    sequence = CaseSequence.objects.select_for_update().get(country=office.country, year=year)
    numbers: list[str] = []
    while len(numbers) < count:
        block = [f"{office.country}-{year}-{n:06d}" for n in range(sequence.last + 1, sequence.last + 1 + count - len(numbers))]
        sequence.last += len(block)
        taken = set(Case.objects.filter(number__in=block).values_list("number", flat=True))
        numbers += [n for n in block if n not in taken]
    sequence.save(update_fields=["last"])
    return numbers


def _age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def check_composition(members: list[tuple[str, dt.date]], *, prefix: str = "members") -> list[Warning]:
    """Rules across the members of one case: exactly one principal applicant, no child older than
    the principal applicant. Returns warnings for unusual but legitimate compositions."""
    principals = [i for i, (relationship, _born) in enumerate(members) if relationship == R.PRINCIPAL]
    if len(principals) != 1:
        index = principals[1] if len(principals) > 1 else 0
        raise DomainError(
            _("A case has exactly one principal applicant; %(count)d given.") % {"count": len(principals)}
            if principals else _("A case has exactly one principal applicant; none given."),
            field=f"{prefix}.{index}.relationship",
        )
    pa_born = members[principals[0]][1]
    today = dt.date.today()
    warnings = []
    for i, (relationship, born) in enumerate(members):
        if relationship == R.CHILD and born <= pa_born:
            raise DomainError(_("A child cannot be as old as or older than the principal applicant."),
                              field=f"{prefix}.{i}.date_of_birth")
        if relationship == R.PARENT and born >= pa_born:
            raise DomainError(_("A parent cannot be younger than the principal applicant."),
                              field=f"{prefix}.{i}.date_of_birth")
        if relationship == R.CHILD and _age_on(born, today) >= 18:
            warnings.append(Warning(f"{prefix}.{i}.relationship",
                                    _("An adult child on the case: accepted; check they travel as a dependant.")))
        if relationship == R.SPOUSE and _age_on(born, today) < 18:
            warnings.append(Warning(f"{prefix}.{i}.date_of_birth",
                                    _("A spouse under 18: accepted; consider a protection assessment.")))
    if _age_on(pa_born, today) < 18:
        warnings.append(Warning(f"{prefix}.{principals[0]}.date_of_birth",
                                _("The principal applicant is a child: record whether they are unaccompanied or "
                                  "separated.")))
    return warnings


def _new_person(data: PersonIn, office: Office) -> Person:
    return Person.objects.create(office=office, **data.model_dump(exclude={"relationship"}))


def _lookups(data: CaseIn | CasePatch) -> dict:
    """The project and receiving partner named by the input; in a patch, an explicit null clears them."""
    out = {}
    sent = data.model_fields_set
    if data.project_code is not None or "project_code" in sent:
        try:
            out["project"] = Project.objects.get(code=data.project_code) if data.project_code else None
        except Project.DoesNotExist:
            raise DomainError(_("No project with code %(code)s.") % {"code": data.project_code}, field="project_code")
    if data.receiving_partner_id is not None or "receiving_partner_id" in sent:
        try:
            out["receiving_partner"] = (ReceivingPartner.objects.get(pk=data.receiving_partner_id)
                                        if data.receiving_partner_id else None)
        except ReceivingPartner.DoesNotExist:
            raise DomainError(_("No such receiving partner."), field="receiving_partner_id")
    return out


def _check_fit(case: Case, *, project: bool, partner: bool) -> None:
    """The case's project and partner must serve its office and destination (projects.py)."""
    refusal = None
    if project and case.project is not None:
        refusal = project_refusal(case.project, office_id=case.office_id, destination=case.destination_country)
    if refusal is None and partner and case.receiving_partner is not None:
        refusal = partner_refusal(case.receiving_partner, office_id=case.office_id,
                                  destination=case.destination_country)
    if refusal is not None:
        raise refusal


def register_case(*, actor: User, data: CaseIn) -> Written:
    """A new case with its members, each a new person registered in the case's office."""
    try:
        office = Office.objects.get(pk=data.office_id, is_active=True)
    except Office.DoesNotExist:
        raise DomainError(_("No such office."), field="office_id")
    _require(actor, office.pk, CASE_EDITORS, _("Your role does not allow you to register cases in this office."))
    warnings = check_composition([(m.relationship, m.date_of_birth) for m in data.members])
    registered_on = data.registered_on or timezone.localdate()
    if registered_on > timezone.localdate():
        raise DomainError(_("The registration date is in the future."), field="registered_on")
    related = _lookups(data)
    _check_fit(Case(office=office, destination_country=data.destination_country, **related),
               project=True, partner=True)
    try:
        with transaction.atomic():
            case = Case.objects.create(
                number=next_case_number(office, registered_on.year), office=office, programme=data.programme,
                destination_country=data.destination_country, priority=data.priority,
                unhcr_case_id=data.unhcr_case_id.strip(), government_ref=data.government_ref.strip(),
                registered_on=registered_on, **related,
            )
            persons = []
            for member in data.members:
                person = _new_person(member, office)
                persons.append(person)
                CaseMember.objects.create(case=case, person=person, relationship=member.relationship,
                                          joined_on=registered_on, join_reason="registration")
            index_person_names(persons, replace=False)
            _event(case, actor, CaseEvent.Kind.REGISTERED, to_status=case.status)
            audit.record(actor=actor, action="case.register", obj=case, office=office,
                         after={**audit.snapshot(case), "members": len(data.members)})
            inputs_changed([case.pk], inputs=[REGISTERED], actor=actor)
    except IntegrityError as exc:
        if data.unhcr_case_id and Case.objects.filter(unhcr_case_id=data.unhcr_case_id.strip()).exists():
            raise ConflictError(_("A case with UNHCR case id %(id)s exists already.") % {"id": data.unhcr_case_id},
                                field="unhcr_case_id") from exc
        raise
    return Written(case=case, warnings=warnings)


def update_case(*, actor: User, case: Case, data: CasePatch) -> Case:
    _require(actor, case.office_id, CASE_EDITORS, _("Your role does not allow you to edit cases in this office."))
    changes = data.model_dump(exclude_unset=True, exclude={"project_code", "receiving_partner_id"})
    for name, value in changes.items():
        if value is None:
            raise DomainError(_("This field cannot be null."), field=name)
    changes.update(_lookups(data))
    try:
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=case.pk)
            before = audit.snapshot(case)
            for name, value in changes.items():
                setattr(case, name, value.strip() if isinstance(value, str) else value)
            moved = "destination_country" in changes
            _check_fit(case, project=moved or "project" in changes, partner=moved or "receiving_partner" in changes)
            case.save()
            after = audit.snapshot(case)
            audit.record(actor=actor, action="case.update", obj=case, office=case.office_id, before=before,
                         after=after)
            moved_to = before.get("destination_country") != after.get("destination_country")
            inputs_changed([case.pk], inputs=[DESTINATION, CASE] if moved_to else [CASE], actor=actor)
    except IntegrityError as exc:
        raise ConflictError(_("Another case has this UNHCR case id."), field="unhcr_case_id") from exc
    return case


def transition_case(*, actor: User, case: Case, to_status: str, reason: str = "",
                    expected_status: str | None = None, reason_source: dict | None = None) -> Case:
    """Move a case along its workflow; every move is an event with actor, time and reason.
    `reason_source` (core.stored_text) when the system wrote `reason`, to show it translated."""
    roles = (Role.MOVEMENT_OFFICER, Role.OFFICE_ADMIN) if to_status in MOVEMENT_STATUSES else CASE_EDITORS
    if case.status == S.BOOKED and to_status == S.APPROVED:
        roles = (*CASE_EDITORS, Role.MOVEMENT_OFFICER)  # a cancelled booking gives the case back
    _require(actor, case.office_id, roles, _("Your role does not allow you to move cases to '%(status)s' in this "
                                             "office.") % {"status": Case.Status(to_status).label})
    reason = reason.strip()
    if to_status in REASON_REQUIRED and not reason:
        raise DomainError(_("Give a reason for '%(status)s'.") % {"status": Case.Status(to_status).label},
                          field="reason")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if expected_status and case.status != expected_status:
            raise ConflictError(
                _("The case is now '%(now)s', not '%(expected)s': someone else changed it. Reload and try again.")
                % {"now": case.get_status_display(), "expected": Case.Status(expected_status).label},
                field="expected_status")
        if to_status not in TRANSITIONS[case.status]:
            allowed = ", ".join(sorted(TRANSITIONS[case.status])) or _("none")
            raise DomainError(_("A case cannot move from '%(from)s' to '%(to)s' (allowed: %(allowed)s).")
                              % {"from": case.status, "to": to_status, "allowed": allowed}, field="to_status")
        before = case.status
        case.status = to_status
        case.save(update_fields=["status", "updated_at"])
        _event(case, actor, CaseEvent.Kind.STATUS, from_status=before, to_status=to_status, reason=reason,
               reason_source=reason_source or {})
        audit.record(actor=actor, action="case.transition", obj=case, office=case.office_id,
                     before={"status": before}, after={"status": to_status, "reason": reason})
        inputs_changed([case.pk], inputs=[STATUS], actor=actor)
    return case


# --- Composition ------------------------------------------------------------------------------

def _active_members(case: Case) -> list[CaseMember]:
    return list(case.members.select_related("person").filter(left_on__isnull=True))


def add_member(*, actor: User, case: Case, relationship: str, reason: str, person: Person | None = None,
               person_data: PersonIn | None = None) -> Written:
    _require(actor, case.office_id, CASE_EDITORS,
             _("Your role does not allow you to change case composition in this office."))
    if case.status in COMPOSITION_LOCKED:
        raise DomainError(_("The composition of a case that is '%(status)s' cannot change.")
                          % {"status": case.get_status_display()},
                          field="relationship")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        current = _active_members(case)
        if person is not None and any(m.person_id == person.pk for m in current):
            raise ConflictError(_("This person is already a member of the case."), field="person_id")
        born = person.date_of_birth if person is not None else person_data.date_of_birth
        warnings = check_composition(
            [(m.relationship, m.person.date_of_birth) for m in current] + [(relationship, born)], prefix="members"
        )
        # Report the new member's own problems under the request's own fields.
        for w in warnings:
            if w.field.startswith(f"members.{len(current)}."):
                w.field = w.field.split(".", 2)[2]
        if person is None:
            person = _new_person(person_data, case.office)
            index_person_names([person], replace=False)
        member = CaseMember.objects.create(case=case, person=person, relationship=relationship,
                                           joined_on=timezone.localdate(), join_reason=reason.strip())
        _event(case, actor, CaseEvent.Kind.MEMBER_JOINED, reason=reason.strip(),
               details={"person_id": person.pk, "relationship": relationship})
        audit.record(actor=actor, action="case.member_add", obj=member, office=case.office_id,
                     after={"case": case.number, "person_id": person.pk, "relationship": relationship})
        inputs_changed([case.pk], inputs=[COMPOSITION], actor=actor)
    return Written(case=case, warnings=[w for w in warnings if not w.field.startswith("members.")])


def remove_member(*, actor: User, case: Case, person: Person, reason: str) -> CaseMember:
    """The member leaves the case; the row stays with the date and reason."""
    _require(actor, case.office_id, CASE_EDITORS,
             _("Your role does not allow you to change case composition in this office."))
    if case.status in COMPOSITION_LOCKED:
        raise DomainError(_("The composition of a case that is '%(status)s' cannot change.")
                          % {"status": case.get_status_display()},
                          field="reason")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        member = case.members.filter(person=person, left_on__isnull=True).first()
        if member is None:
            raise DomainError(_("This person is not a current member of the case."), field="person_id")
        if member.relationship == R.PRINCIPAL:
            raise DomainError(_("The principal applicant cannot leave; make another member principal first."),
                              field="person_id")
        member.left_on = timezone.localdate()
        member.leave_reason = reason.strip()
        member.save(update_fields=["left_on", "leave_reason"])
        _event(case, actor, CaseEvent.Kind.MEMBER_LEFT, reason=reason.strip(), details={"person_id": person.pk})
        audit.record(actor=actor, action="case.member_remove", obj=member, office=case.office_id,
                     before={"left_on": None}, after={"left_on": member.left_on.isoformat(), "reason": reason})
        inputs_changed([case.pk], inputs=[COMPOSITION], actor=actor)
    return member


def update_person(*, actor: User, person: Person, changes: dict) -> Person:
    _require(actor, person.office_id, CASE_EDITORS,
             _("Your role does not allow you to edit persons in this office."))
    for name, value in changes.items():
        if value is None and name not in ("middle_name",):
            raise DomainError(_("This field cannot be null."), field=name)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.merged_into_id:
            raise DomainError(_("This person was merged into another; edit that person instead."), field="id")
        before = audit.snapshot(person)
        reported = [name for name in REPORTED_ATTRIBUTES if name in changes and getattr(person, name) != changes[name]]
        for name, value in changes.items():
            setattr(person, name, value)
        if "date_of_birth" in changes:
            for member in person.memberships.filter(left_on__isnull=True).select_related("case"):
                others = [(m.relationship, m.person.date_of_birth)
                          for m in _active_members(member.case) if m.person_id != person.pk]
                try:
                    check_composition(others + [(member.relationship, person.date_of_birth)], prefix="members")
                except DomainError as exc:
                    raise DomainError(_("%(problem)s (case %(number)s)") % {"problem": exc.message, "number": member.case.number},
                                      field="date_of_birth") from exc
        person.save()
        if NAME_CHANGES.intersection(changes) or "date_of_birth" in changes:  # the keys carry the date too
            index_person_names([person])
        after = audit.snapshot(person)
        audit.record(actor=actor, action="person.update", obj=person, office=person.office_id, before=before,
                     after=after)
        if before.get("date_of_birth") != after.get("date_of_birth"):
            inputs_changed(person.memberships.filter(left_on__isnull=True).values_list("case_id", flat=True),
                           inputs=[DATE_OF_BIRTH], actor=actor)
        attributes_changed([person.pk], reported)
    return person


# --- Expedite ---------------------------------------------------------------------------------

def request_expedite(*, actor: User, case: Case, priority: str, reason: str) -> ExpediteRequest:
    _require(actor, case.office_id, CASE_EDITORS,
             _("Your role does not allow you to request an expedite in this office."))
    if priority == Case.Priority.NORMAL:
        raise DomainError(_("An expedite asks for urgent or emergency priority."), field="requested_priority")
    try:
        with transaction.atomic():
            request = ExpediteRequest.objects.create(case=case, requested_priority=priority, reason=reason.strip(),
                                                     requested_by=actor)
            _event(case, actor, CaseEvent.Kind.EXPEDITE_REQUESTED, reason=reason.strip(),
                   details={"requested_priority": priority})
            audit.record(actor=actor, action="case.expedite_request", obj=request, office=case.office_id,
                         after={"case": case.number, "priority": priority})
    except IntegrityError as exc:
        raise ConflictError(_("An expedite request for this case is already waiting for a decision."),
                            field="requested_priority") from exc
    return request


def decide_expedite(*, actor: User, request: ExpediteRequest, approve: bool, note: str = "") -> ExpediteRequest:
    """A supervisor (office administrator), never the requester, approves or refuses."""
    case = request.case
    _require(actor, case.office_id, SUPERVISORS,
             _("Your role does not allow you to decide expedite requests in this office."))
    if request.requested_by_id == actor.pk:
        raise PermissionDeniedError(_("The person who asked for an expedite cannot also approve it."))
    with transaction.atomic():
        request = ExpediteRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != ExpediteRequest.Status.PENDING:
            raise ConflictError(_("This request has been decided already."), field="approve")
        request.status = ExpediteRequest.Status.APPROVED if approve else ExpediteRequest.Status.REFUSED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.decision_note = note.strip()
        request.save()
        case = Case.objects.select_for_update().get(pk=case.pk)
        before = case.priority
        if approve:
            case.priority = request.requested_priority
            case.save(update_fields=["priority", "updated_at"])
        _event(case, actor, CaseEvent.Kind.EXPEDITE_DECIDED, reason=note.strip(),
               details={"approved": approve, "priority_before": before, "priority_after": case.priority})
        audit.record(actor=actor, action="case.expedite_decide", obj=request, office=case.office_id,
                     before={"priority": before}, after={"priority": case.priority, "approved": approve})
    return request

