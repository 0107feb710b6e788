"""Cases (the unit that travels together), the people in them and case composition."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from passage.core import stored_text
from passage.core.crypto import EncryptedTextField
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
    project = models.ForeignKey("Project", null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    destination_country = models.CharField(_("destination country"), max_length=3, validators=[validate_country])
    receiving_partner = models.ForeignKey(
        "ReceivingPartner", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    unhcr_case_id = models.CharField(_("UNHCR case id"), max_length=40, blank=True)
    government_ref = models.CharField(_("government reference"), max_length=60, blank=True)
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
            models.Index(fields=["government_ref"], name="case_government_ref_idx"),
            # The unique constraint's index is partial (non-empty ids); lookups need a plain one.
            models.Index(fields=["unhcr_case_id"], name="case_unhcr_id_idx"),
        ]
        constraints = [
            # External references identify a case across re-imports.
            models.UniqueConstraint(fields=["unhcr_case_id"], condition=~Q(unhcr_case_id=""), name="case_unhcr_id_unique"),
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
    country_of_birth = models.CharField(_("country of birth"), max_length=3, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=3, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True, help_text="ISO 639-3 codes.")
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    unhcr_individual_id = models.CharField(_("UNHCR individual id"), max_length=40, blank=True)
    # A person merged into another keeps their row (for tracing) and points at the survivor.
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, null=True)

    # A partner reads a person through the cases bound for their country.
    SCOPE = ScopeFields(office="office", partner_country="memberships__case__destination_country")

    class Meta:
        indexes = [
            models.Index(fields=["family_name", "given_name"], name="person_name_idx"),
            models.Index(fields=["date_of_birth"], name="person_dob_idx"),
            models.Index(fields=["unhcr_individual_id"], name="person_unhcr_id_idx"),
            # Search by a name in its own script (Arabic, Ge'ez, Burmese...) is an exact lookup.
            models.Index(fields=["native_given_name"], name="person_native_given_idx"),
            models.Index(fields=["native_middle_name"], name="person_native_middle_idx"),
            models.Index(fields=["native_family_name"], name="person_native_family_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.middle_name, self.family_name) if p)

    @property
    def native_full_name(self) -> str:
        return " ".join(p for p in (self.native_given_name, self.native_middle_name, self.native_family_name) if p)


class PersonNameKey(models.Model):
    """One phonetic key of one of a person's names (registry/names.py), indexed, so that search
    and duplicate detection find Mohammed, Muhammad and Mohamed by one lookup."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=40)
    # The person's date of birth, copied so that the duplicate check's block (a word of the name
    # and a nearby date) is one index lookup, not a join of two large sets (registry/duplicates.py).
    date_of_birth = models.DateField(null=True)

    class Meta:
        indexes = [models.Index(fields=["key", "person"], name="person_name_key_idx"),
                   models.Index(fields=["key", "date_of_birth"], name="person_name_key_dob_idx")]


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
    join_reason = models.CharField(_("reason for joining"), max_length=200, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(relationship="PA", left_on__isnull=True), name="one_principal_per_case"
            ),
            models.UniqueConstraint(
                fields=["case", "person"], condition=Q(left_on__isnull=True), name="person_once_per_case"
            ),
        ]



class CaseSequence(models.Model):
    """The last case number issued per country and year; locked while a number is taken."""

    country = models.CharField(max_length=3)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["country", "year"], name="case_sequence_unique")]


class Project(models.Model):
    """A funded project under which cases move (donor, destinations, code). `office` is the office
    that runs it (its cases and those of its sub-offices may use it); empty for a global project,
    which system administrators keep. No destination countries means any destination."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    donor = models.CharField(_("donor"), max_length=200, blank=True)
    destination_countries = models.JSONField(_("destination countries"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    office = models.ForeignKey(Office, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("office"))

    SCOPE = ScopeFields(office="office")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ReceivingPartner(models.Model):
    """Who receives a case on arrival in `country`: a resettlement agency, a sponsor or an authority."""

    class Kind(models.TextChoices):
        RESETTLEMENT_AGENCY = "agency", _("Resettlement agency")
        SPONSOR = "sponsor", _("Sponsor")
        AUTHORITY = "authority", _("Receiving authority")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=3, validators=[validate_country])
    is_active = models.BooleanField(_("active"), default=True)
    # The office that keeps this entry (and its sub-offices use it); empty for the global list.
    office = models.ForeignKey(Office, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("office"))

    SCOPE = ScopeFields(office="office")

    class Meta:
        ordering = ["country", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "country"], name="partner_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class CaseEvent(models.Model):
    """Everything that happened to a case, in order: status transitions, composition changes,
    expedite requests. Current status is kept consistent with the last status event."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        STATUS = "status", _("Status changed")
        MEMBER_JOINED = "member_joined", _("Member joined")
        MEMBER_LEFT = "member_left", _("Member left")
        EXPEDITE_REQUESTED = "expedite_requested", _("Expedite requested")
        EXPEDITE_DECIDED = "expedite_decided", _("Expedite decided")
        PERSONS_MERGED = "persons_merged", _("Persons merged")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey(Office, null=True, on_delete=models.PROTECT, related_name="+",
                               help_text="Where the event was recorded.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)
    # A reason the system wrote (core.stored_text): shown in the reader's language; empty for people's own words.
    reason_source = models.JSONField(default=dict, blank=True)
    details = models.JSONField(default=dict, blank=True)

    SCOPE = ScopeFields(office="case__office", partner_country="case__destination_country")

    @property
    def reason_text(self) -> str:
        return stored_text.render(self.reason_source, self.reason)

    class Meta:
        ordering = ["at", "id"]


class IdentityDocument(models.Model):
    class Kind(models.TextChoices):
        PASSPORT = "passport", _("Passport")
        NATIONAL_ID = "national_id", _("National identity card")
        REFUGEE_ID = "refugee_id", _("Refugee identity document")
        TRAVEL_DOCUMENT = "travel_document", _("Convention travel document")
        LAISSEZ_PASSER = "laissez_passer", _("Laissez-passer")
        BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
        UNHCR_REGISTRATION = "unhcr_registration", _("UNHCR registration document")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("document type"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("document number"), max_length=40)
    issuing_country = models.CharField(_("issuing country"), max_length=3, validators=[validate_country])
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    SCOPE = ScopeFields(office="person__office", partner_country="person__memberships__case__destination_country")

    class Meta:
        ordering = ["person_id", "kind", "id"]
        indexes = [models.Index(fields=["number"], name="document_number_idx")]


class Clearance(models.Model):
    """A clearance with a validity interval; health and orientation clearances come from their
    own modules. `person` is empty for clearances of the whole case (approval, reception)."""

    class Kind(models.TextChoices):
        SECURITY_CHECK = "security_check", _("Security check")
        CASE_APPROVAL = "case_approval", _("Case approval by the receiving state")
        EXIT_PERMIT = "exit_permit", _("Exit permit")
        VISA = "visa", _("Visa or entry permit")
        TRANSIT_WAIVER = "transit_waiver", _("Transit visa waiver")
        RECEPTION_ASSURANCE = "reception_assurance", _("Reception or sponsorship assurance")
        # Derived: written only by their modules through records.set_derived_clearance.
        HEALTH = "health", _("Health clearance")
        ORIENTATION = "orientation", _("Pre-departure orientation")

    DERIVED_KINDS = frozenset({"health", "orientation"})

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clearances")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="clearances")
    kind = models.CharField(_("clearance"), max_length=20, choices=Kind.choices)
    transit_country = models.CharField(_("transit country"), max_length=3, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reference = models.CharField(_("reference"), max_length=80, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # Why a clearance is not (or not yet) granted, e.g. "Not fit to travel until 2027-01-10".
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    SCOPE = ScopeFields(office="case__office", partner_country="case__destination_country")

    class Meta:
        ordering = ["case_id", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="clearance_valid_interval",
            ),
            models.UniqueConstraint(fields=["case", "person", "kind"], condition=Q(kind__in=["health", "orientation"]),
                                    name="clearance_derived_once_per_member"),
        ]


class Vulnerability(models.Model):
    """A vulnerability or special need from the coded list; see registry/vulnerabilities.py."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="vulnerabilities")
    code = models.CharField(_("vulnerability"), max_length=30)
    detail = EncryptedTextField(_("detail"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)

    SCOPE = ScopeFields(office="person__office")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "code"], condition=Q(resolved_on__isnull=True),
                                    name="vulnerability_once_while_open"),
        ]


class CaseNote(models.Model):
    """Counselling and case notes. The text is encrypted at rest; confidentiality decides who reads."""

    class Confidentiality(models.TextChoices):
        NORMAL = "normal", _("Case team")
        RESTRICTED = "restricted", _("Restricted: caseworkers and office administrators")
        CONFIDENTIAL = "confidential", _("Confidential: the author and office administrators")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    confidentiality = models.CharField(_("confidentiality"), max_length=12, choices=Confidentiality.choices,
                                       default=Confidentiality.NORMAL)
    kind = models.CharField(_("kind"), max_length=12, choices=[("case", _("Case note")), ("counselling", _("Counselling"))],
                            default="case")
    text = EncryptedTextField(_("text"))

    SCOPE = ScopeFields(office="case__office")

    class Meta:
        ordering = ["-created_at", "-id"]


class TravelLoan(models.Model):
    """A loan of the fare by the receiving state, repaid after arrival."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="travel_loan")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    promissory_note_signed_on = models.DateField(_("promissory note signed on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    SCOPE = ScopeFields(office="case__office")


class ExpediteRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="expedite_requests")
    requested_priority = models.CharField(max_length=10, choices=Case.Priority.choices)
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    SCOPE = ScopeFields(office="case__office")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(status="pending"), name="one_pending_expedite"),
        ]


class DuplicateCandidate(models.Model):
    """A pair of persons that may be one person, waiting for a caseworker's decision.
    `person_a` has the lower id, so each pair is stored once."""

    class Status(models.TextChoices):
        OPEN = "open", _("To review")
        MERGED = "merged", _("Merged")
        DISMISSED = "dismissed", _("Not the same person")

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    SCOPE = ScopeFields(office="person_a__office")

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicate_pair_once"),
            models.CheckConstraint(condition=Q(person_a__lt=models.F("person_b")), name="duplicate_pair_ordered"),
        ]


class PersonMerge(models.Model):
    """The trace of a merge: which person absorbed which, what moved, who decided."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey(DuplicateCandidate, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    moved = models.JSONField(default=dict, help_text="Ids of the rows moved to the survivor, by kind.")

    SCOPE = ScopeFields(office="survivor__office")


class ImportJob(models.Model):
    """One uploaded file of cases. The file is kept until the job ends; the report stays."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Imported")
        FAILED = "failed", _("Refused: see the report")
        CHECKED = "checked", _("Checked (dry run)")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500, blank=True)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_cases = models.PositiveIntegerField(default=0)
    unchanged_cases = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, help_text="[{row, column, detail}, ...]")
    finished_at = models.DateTimeField(null=True, blank=True)
    # The worker's last sign of life; a running job silent for too long lost its worker (imports.py).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # The uploader's language: the task worker has no request, and writes the report in this one.
    language = models.CharField(max_length=15, default="en")

    SCOPE = ScopeFields(office="office")

    class Meta:
        ordering = ["-id"]
