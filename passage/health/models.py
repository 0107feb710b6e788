"""Health records of a person before departure: assessments, chest X-rays, laboratory tests, TB
classification, vaccinations, treatments, fitness to travel and consent; and the rules per
destination from which the health clearance is derived (passage/health/clearance.py).

Clinical content (free text and every result that states a finding) is encrypted at rest with
EncryptedTextField, so the database alone never reveals a diagnosis. What stays in clear columns is
what logistics and the rules need: which test or vaccine, dates, the fitness decision and the travel
requirements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from passage.core.crypto import EncryptedTextField
from passage.core.models import ScopeFields
from passage.registry.models import Person

# Health records are owned by the person's office; partners reach them through the person's cases
# (the selectors add the consent condition on top of this).
PERSON_SCOPE = ScopeFields(office="person__office", partner_country="person__memberships__case__destination_country")
FALLBACK = "*"  # the destination code of the rule that applies where no country has its own


class HealthRule(models.Model):
    """What a destination requires before a person is medically cleared to travel there."""

    destination_country = models.CharField(_("destination"), max_length=3, unique=True,
                                           help_text="ISO 3166-1 alpha-3, or * for the fallback rule.")
    chest_xray_min_age = models.PositiveSmallIntegerField(_("chest X-ray from age"), default=15)
    required_labs = models.JSONField(_("required laboratory tests"), default=list, blank=True)
    required_vaccines = models.JSONField(_("required vaccines"), default=list, blank=True)
    assessment_validity_days = models.PositiveSmallIntegerField(_("assessment valid for (days)"), default=180)
    pre_embarkation_window_hours = models.PositiveSmallIntegerField(_("pre-embarkation window (hours)"), default=72)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["destination_country"]
        constraints = [
            models.CheckConstraint(condition=models.Q(pre_embarkation_window_hours__gte=24,
                                                      pre_embarkation_window_hours__lte=72),
                                   name="health_rule_window_24_72"),
        ]

    def __str__(self) -> str:
        return self.destination_country


class Assessment(models.Model):
    class Kind(models.TextChoices):
        MIGRATION_HEALTH = "mha", _("Migration health assessment")
        PRE_DEPARTURE = "pdmp", _("Pre-departure medical procedures")
        PRE_EMBARKATION = "pec", _("Pre-embarkation check")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="health_assessments")
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    performed_at = models.DateTimeField(_("performed at"))
    clinic = models.CharField(_("clinic or assessment centre"), max_length=200)
    physician = models.CharField(_("physician"), max_length=200)
    destination_country = models.CharField(_("destination whose rules apply"), max_length=3)
    history = EncryptedTextField(_("medical history"), blank=True)
    exam = EncryptedTextField(_("physical examination"), blank=True)
    vitals = EncryptedTextField(_("vital signs"), blank=True)
    mental_health = EncryptedTextField(_("mental health evaluation"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    SCOPE = PERSON_SCOPE

    class Meta:
        ordering = ["-performed_at", "-id"]
        indexes = [models.Index(fields=["person", "kind", "performed_at"], name="health_assessment_person_idx")]


class ChestXray(models.Model):
    class Reading(models.TextChoices):
        NORMAL = "normal", _("Normal")
        SUGGESTIVE_TB = "suggestive_tb", _("Suggestive of TB")
        OTHER = "other_abnormality", _("Other abnormality")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="chest_xrays")
    taken_on = models.DateField(_("taken on"))
    reading = EncryptedTextField(_("reading"))  # a Reading value, encrypted: it states a finding
    radiologist = models.CharField(_("radiologist"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    SCOPE = PERSON_SCOPE

    class Meta:
        ordering = ["-taken_on", "-id"]


class LabTest(models.Model):
    class Test(models.TextChoices):
        SPUTUM_SMEAR = "sputum_smear", _("Sputum smear")
        SPUTUM_CULTURE = "sputum_culture", _("Sputum culture")
        MOLECULAR = "tb_molecular", _("TB molecular test")
        DST = "tb_dst", _("Drug susceptibility testing")
        SYPHILIS = "syphilis", _("Syphilis")
        HIV = "hiv", _("HIV")
        HEPATITIS_B = "hepatitis_b", _("Hepatitis B")
        HEPATITIS_C = "hepatitis_c", _("Hepatitis C")
        URINALYSIS = "urinalysis", _("Urinalysis")
        STOOL = "stool_parasitology", _("Stool parasitology")
        PREGNANCY = "pregnancy", _("Pregnancy test")

    class Result(models.TextChoices):
        PENDING = "pending", _("Pending")
        NEGATIVE = "negative", _("Negative")
        POSITIVE = "positive", _("Positive")
        INDETERMINATE = "indeterminate", _("Indeterminate")
        SUSCEPTIBLE = "susceptible", _("Susceptible")
        RESISTANT = "resistant", _("Resistant")

    TB_TESTS = frozenset({"sputum_smear", "sputum_culture", "tb_molecular", "tb_dst"})

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="lab_tests")
    test = models.CharField(_("test"), max_length=20, choices=Test.choices)
    taken_on = models.DateField(_("specimen taken on"))
    result = EncryptedTextField(_("result"))  # a Result value, encrypted
    result_on = models.DateField(_("result on"), null=True, blank=True)
    detail = EncryptedTextField(_("detail"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    SCOPE = PERSON_SCOPE

    class Meta:
        ordering = ["-taken_on", "-id"]


class TbClassification(models.Model):
    class Value(models.TextChoices):
        NO_TB = "no_tb", _("No TB signs or symptoms")
        LATENT = "latent", _("Latent TB infection")
        CLASS_B = "class_b", _("Inactive or treated TB (follow-up on arrival)")
        ACTIVE = "active", _("Active TB: treatment before travel")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="tb_classifications")
    classified_on = models.DateField(_("classified on"))
    value = EncryptedTextField(_("TB classification"))
    destination_country = models.CharField(_("as defined by"), max_length=3)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    SCOPE = PERSON_SCOPE

    class Meta:
        ordering = ["-classified_on", "-id"]


class Vaccination(models.Model):
    class Vaccine(models.TextChoices):
        MMR = "mmr", _("Measles, mumps and rubella")
        POLIO_IPV = "ipv", _("Polio (inactivated)")
        POLIO_OPV = "opv", _("Polio (oral)")
        HEPATITIS_A = "hepa", _("Hepatitis A")
        HEPATITIS_B = "hepb", _("Hepatitis B")
        HIB = "hib", _("Haemophilus influenzae type b")
        DTP = "dtp", _("Diphtheria, tetanus and pertussis")
        TD = "td", _("Tetanus and diphtheria")
        MENINGOCOCCAL = "men", _("Meningococcal")
        BCG = "bcg", _("BCG")
        VARICELLA = "var", _("Varicella")
        INFLUENZA = "flu", _("Influenza")
        COVID19 = "covid19", _("COVID-19")
        YELLOW_FEVER = "yf", _("Yellow fever")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="vaccinations")
    vaccine = models.CharField(_("vaccine"), max_length=10, choices=Vaccine.choices)
    dose = models.PositiveSmallIntegerField(_("dose number"), default=1)
    given_on = models.DateField(_("given on"))
    lot = models.CharField(_("lot number"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    SCOPE = PERSON_SCOPE

    class Meta:
        ordering = ["-given_on", "-id"]


class Treatment(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="treatments")
    condition = EncryptedTextField(_("condition"))
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    directly_observed = models.BooleanField(_("directly observed"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    SCOPE = PERSON_SCOPE

    class Meta:
        ordering = ["-started_on", "-id"]


class Requirement(models.TextChoices):
    """Travel requirements of a fitness decision; SSR maps the ones with an IATA assistance code."""

    WHEELCHAIR_RAMP = "wchr", _("Wheelchair to the aircraft (can climb steps)")
    WHEELCHAIR_STEPS = "wchs", _("Wheelchair (cannot climb steps)")
    WHEELCHAIR_CABIN = "wchc", _("Wheelchair to the seat (immobile)")
    STRETCHER = "stcr", _("Stretcher")
    OXYGEN = "oxygen", _("Supplemental oxygen")
    MEDICAL_ESCORT = "medical_escort", _("Medical escort")
    AMBULANCE_DEPARTURE = "ambulance_departure", _("Ambulance at departure")
    AMBULANCE_ARRIVAL = "ambulance_arrival", _("Ambulance at arrival")
    SEATING = "seating", _("Special seating (aisle or extra seat)")


SSR = {"wchr": "WCHR", "wchs": "WCHS", "wchc": "WCHC", "stcr": "STCR", "oxygen": "OXYG", "medical_escort": "MEDA"}


class FitnessDecision(models.Model):
    """The fitness-to-travel decision; the newest one of a person is the current one."""

    class Decision(models.TextChoices):
        FIT = "fit", _("Fit to travel")
        FIT_WITH_REQUIREMENTS = "fit_with_requirements", _("Fit to travel with requirements")
        NOT_FIT = "not_fit", _("Not fit to travel until a date")
        DEFERRED = "deferred", _("Decision deferred")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="fitness_decisions")
    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))
    decision = models.CharField(_("decision"), max_length=24, choices=Decision.choices)
    not_fit_until = models.DateField(_("not fit until"), null=True, blank=True)
    requirements = models.JSONField(_("travel requirements"), default=list, blank=True)
    note = EncryptedTextField(_("clinical note"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    SCOPE = PERSON_SCOPE

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["person", "decided_at"], name="health_fitness_person_idx")]

    @property
    def assistance_codes(self) -> list[str]:
        return sorted({SSR[r] for r in self.requirements if r in SSR})

    @property
    def requirement_labels(self) -> list[str]:
        labels = dict(Requirement.choices)
        return [str(labels.get(r, r)) for r in self.requirements]


class Consent(models.Model):
    class Purpose(models.TextChoices):
        HEALTH_AUTHORITY = "health_authority", _("Share with the receiving health authority")
        RESETTLEMENT_AGENCY = "resettlement_agency", _("Share with the resettlement agency")

    class Scope(models.TextChoices):
        FULL_RECORD = "full_record", _("The full health record")
        FITNESS_ONLY = "fitness_only", _("Fitness to travel and requirements only")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="health_consents")
    purpose = models.CharField(_("purpose"), max_length=24, choices=Purpose.choices)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices, default=Scope.FULL_RECORD)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    SCOPE = PERSON_SCOPE

    class Meta:
        ordering = ["-given_on", "-id"]


class MorbidityCell(models.Model):
    """A cell of the morbidity report's summary: how many persons assessed in one office fall in one
    group of one dimension (nationality ERI, sex F, age group 15-24...), with how many of them have a
    vaccination, each current fitness decision, and a TB-positive result.

    Kept current by passage/health/morbidity.py in the writer's transaction and rebuilt by
    `manage.py rebuild_morbidity`. It holds counts, never a person: the counts of persons,
    vaccinations and fitness decisions repeat what the clear columns of the records already say; the
    TB count comes from encrypted results, so it is encrypted too (a cell of one person would
    otherwise name a diagnosis). See docs/decisions.md."""

    class Dimension(models.TextChoices):  # internal codes, never shown
        OFFICE = "office"  # value "": the office's total (the report's departure country)
        NATIONALITY = "nationality"
        DESTINATION = "destination"
        SEX = "sex"
        AGE_GROUP = "age_group"

    office = models.ForeignKey("core.Office", on_delete=models.PROTECT, related_name="+")
    dimension = models.CharField(max_length=12, choices=Dimension.choices)
    value = models.CharField(max_length=8, blank=True)
    persons = models.IntegerField(default=0)
    vaccinated = models.IntegerField(default=0)
    fit = models.IntegerField(default=0)
    fit_with_requirements = models.IntegerField(default=0)
    not_fit = models.IntegerField(default=0)
    deferred = models.IntegerField(default=0)
    tb_positive = EncryptedTextField(default="0")  # a count, encrypted

    SCOPE = ScopeFields(office="office")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "dimension", "value"], name="health_morbidity_cell")]


class MorbidityMark(models.Model):
    """What a person currently adds to the morbidity cells (office, groups, TB, vaccination,
    fitness; encrypted JSON), so a change moves exactly their counts from the old cells to the new."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, primary_key=True, related_name="+")
    counted = EncryptedTextField()
