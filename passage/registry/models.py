"""Cases (the unit that travels together), the people in them and case composition."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from passage.core.models import Office, ScopeFields, validate_country


class Programme(models.TextChoices):
    RESETTLEMENT = "resettlement", _("Resettlement")
    HUMANITARIAN_ADMISSION = "humanitarian_admission", _("Humanitarian admission")
    HUMANITARIAN_VISA = "humanitarian_visa", _("Humanitarian visa")
    RELOCATION = "relocation", _("EU/EEA relocation")
    FAMILY_REUNIFICATION = "family_reunification", _("Family reunification")
    SPONSORSHIP = "sponsorship", _("Community or private sponsorship")
    SCHOLARSHIP = "scholarship", _("Academic scholarship")
    LABOUR_MOBILITY = "labour_mobility", _("Labour mobility")
    MEDICAL_EVACUATION = "medical_evacuation", _("Medical evacuation")
    AVRR = "avrr", _("Assisted voluntary return and reintegration")
    VHR = "vhr", _("Voluntary humanitarian return")
    HASM = "hasm", _("Humanitarian assistance to stranded migrants")
    VOLUNTARY_REPATRIATION = "voluntary_repatriation", _("Voluntary repatriation of refugees")
    HUMANITARIAN_EVACUATION = "humanitarian_evacuation", _("Humanitarian evacuation")
    IN_COUNTRY_RELOCATION = "in_country_relocation", _("In-country relocation")


class Case(models.Model):
    class Priority(models.TextChoices):
        NORMAL = "normal", _("Normal")
        URGENT = "urgent", _("Urgent")
        EMERGENCY = "emergency", _("Emergency")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        IN_PROCESSING = "in_processing", _("In processing")
        APPROVED = "approved", _("Approved")
        ON_HOLD = "on_hold", _("On hold")
        BOOKED = "booked", _("Booked")
        DEPARTED = "departed", _("Departed")
        ARRIVED = "arrived", _("Arrived")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    number = models.CharField(_("case number"), max_length=20, unique=True)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="cases")
    programme = models.CharField(_("programme"), max_length=30, choices=Programme.choices)
    destination_country = models.CharField(_("destination country"), max_length=3, validators=[validate_country])
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    registered_on = models.DateField(_("registered on"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SCOPE = ScopeFields(office="office", partner_country="destination_country")

    class Meta:
        indexes = [
            models.Index(fields=["office", "status"], name="case_office_status_idx"),
            models.Index(fields=["destination_country"], name="case_destination_idx"),
        ]

    def __str__(self) -> str:
        return self.number


class Person(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")
        OTHER = "X", _("Other or unspecified")

    class DatePrecision(models.TextChoices):
        EXACT = "exact", _("Exact")
        MONTH = "month", _("Month known")
        YEAR = "year", _("Year known")
        ESTIMATED = "estimated", _("Estimated")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="persons")
    given_name = models.CharField(_("given name"), max_length=100)
    middle_name = models.CharField(_("middle name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    native_given_name = models.CharField(_("given name (native script)"), max_length=100, blank=True)
    native_middle_name = models.CharField(_("middle name (native script)"), max_length=100, blank=True)
    native_family_name = models.CharField(_("family name (native script)"), max_length=100, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"))
    dob_precision = models.CharField(
        _("date of birth precision"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.EXACT
    )
    nationality = models.CharField(_("nationality"), max_length=3, validators=[validate_country])
    preferred_language = models.CharField(_("preferred language"), max_length=3, blank=True)

    # A partner reads a person through the cases bound for their country.
    SCOPE = ScopeFields(office="office", partner_country="memberships__case__destination_country")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.middle_name, self.family_name) if p)

    @property
    def native_full_name(self) -> str:
        return " ".join(p for p in (self.native_given_name, self.native_middle_name, self.native_family_name) if p)


class CaseMember(models.Model):
    """A person's place in a case over time; a member who leaves keeps the row, with `left_on`."""

    class Relationship(models.TextChoices):
        PRINCIPAL = "PA", _("Principal applicant")
        SPOUSE = "spouse", _("Spouse or partner")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        SIBLING = "sibling", _("Sibling")
        GRANDCHILD = "grandchild", _("Grandchild")
        OTHER = "other", _("Other relative or dependant")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relationship = models.CharField(
        _("relationship to principal applicant"), max_length=12, choices=Relationship.choices
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(relationship="PA", left_on__isnull=True), name="one_principal_per_case"
            ),
            models.UniqueConstraint(
                fields=["case", "person"], condition=Q(left_on__isnull=True), name="person_once_per_case"
            ),
        ]

