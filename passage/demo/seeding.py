"""Builds the deterministic demo world: regions, offices, one user per role, and N cases of families
and individuals. Same seed and as-of date give the same world. Rows are written in bulk so that
100,000 cases (about 440,000 persons) take minutes, not hours."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import transaction

from passage.core import audit
from passage.core.models import Membership, Office, Region, User
from passage.demo import extensions
from passage.demo.duplicates import inject_duplicates
from passage.demo.names import POOLS
from passage.demo.world import DEMO_PASSWORD, OFFICES, PARTNERS, REGIONS, STAFF
from passage.registry.models import Case, CaseMember, CaseSequence, Person, Programme
from passage.registry.names import index_person_names

RESETTLEMENT_DESTINATIONS = (("USA", 30), ("CAN", 20), ("AUS", 10), ("GBR", 8), ("DEU", 8), ("SWE", 6),
                             ("NOR", 5), ("FRA", 5), ("NLD", 4), ("NZL", 4))
PROGRAMMES = ((Programme.RESETTLEMENT, 62), (Programme.FAMILY_REUNIFICATION, 8), (Programme.HUMANITARIAN_ADMISSION, 6),
              (Programme.SPONSORSHIP, 5), (Programme.AVRR, 10), (Programme.VHR, 4), (Programme.RELOCATION, 2),
              (Programme.MEDICAL_EVACUATION, 1), (Programme.HUMANITARIAN_VISA, 2))
RETURN_PROGRAMMES = {Programme.AVRR, Programme.VHR}
STATUSES = ((Case.Status.REGISTERED, 20), (Case.Status.IN_PROCESSING, 35), (Case.Status.APPROVED, 15),
            (Case.Status.ON_HOLD, 5), (Case.Status.BOOKED, 5), (Case.Status.DEPARTED, 2), (Case.Status.ARRIVED, 10),
            (Case.Status.CLOSED, 3), (Case.Status.WITHDRAWN, 2), (Case.Status.REJECTED, 2), (Case.Status.CANCELLED, 1))
PRIORITIES = ((Case.Priority.NORMAL, 92), (Case.Priority.URGENT, 6), (Case.Priority.EMERGENCY, 2))
# Case sizes: a third are individuals, the rest families; mean about 4.4 persons a case.
SIZES = ((1, 20), (2, 8), (3, 10), (4, 13), (5, 14), (6, 13), (7, 10), (8, 7), (9, 5))


def _weighted(rng: random.Random, table):
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights=weights)[0]


@dataclass
class SeedResult:
    offices: int
    users: int
    cases: int
    persons: int
    duplicate_pairs: list[dict] = field(default_factory=list)
    extras: dict[str, dict] = field(default_factory=dict)  # what each module's demo extension added


def build_world() -> tuple[dict[str, Office], int]:
    """Regions, offices and demo users; reuses whatever exists already."""
    regions = {code: Region.objects.get_or_create(code=code, defaults={"name": name})[0] for code, name in REGIONS}
    offices: dict[str, Office] = {}
    for code, name, kind, country, region, parent, _nat in OFFICES:
        offices[code], _ = Office.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "country": country,
                      "region": regions[region] if region else None, "parent": offices.get(parent)},
        )
    users = 0
    for username, first, last, role, office_code in STAFF:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            users += 1
        Membership.objects.get_or_create(user=user, office=offices[office_code], role=role)
    for username, first, last, country, organisation in PARTNERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "partner_country": country,
                      "partner_organisation": organisation},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            users += 1
    return offices, users


def _birth_date(rng: random.Random, as_of: dt.date, age: int) -> tuple[dt.date, str]:
    year = as_of.year - age
    roll = rng.random()
    if roll < 0.18:  # unknown day and month: recorded as 1 January
        return dt.date(year, 1, 1), rng.choice((Person.DatePrecision.YEAR, Person.DatePrecision.ESTIMATED))
    if roll < 0.22:
        return dt.date(year, rng.randint(1, 12), 1), Person.DatePrecision.MONTH
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365)), Person.DatePrecision.EXACT


def _family(rng: random.Random, size: int) -> list[tuple[str, str, int]]:
    """(relationship, sex, age) for each member; the first is the principal applicant."""
    if size == 1:
        return [(CaseMember.Relationship.PRINCIPAL, "M" if rng.random() < 0.6 else "F", rng.randint(18, 55))]
    pa_sex = "M" if rng.random() < 0.55 else "F"
    pa_age = rng.randint(22, 58)
    members = [(CaseMember.Relationship.PRINCIPAL, pa_sex, pa_age)]
    remaining = size - 1
    if rng.random() < 0.8:
        members.append((CaseMember.Relationship.SPOUSE, "F" if pa_sex == "M" else "M",
                        max(18, pa_age + rng.randint(-8, 4))))
        remaining -= 1
    if remaining > 0 and pa_age < 50 and rng.random() < 0.12:
        members.append((CaseMember.Relationship.PARENT, rng.choice("MF"), min(95, pa_age + rng.randint(20, 30))))
        remaining -= 1
    # Adult sons and daughters often stay on their parents' case, so children may be up to 25.
    oldest_child = max(0, min(25, pa_age - 17))
    for _ in range(remaining):
        if oldest_child > 0 or rng.random() < 0.8:
            members.append((CaseMember.Relationship.CHILD, rng.choice("MF"), rng.randint(0, oldest_child)))
        else:
            members.append((CaseMember.Relationship.SIBLING, rng.choice("MF"), rng.randint(12, pa_age)))
    return members


def _highest_number(country: str, year: int) -> int:
    """The highest sequence already used for this country and year (numbers made outside the
    sequence table, e.g. by older imports), so seeding never collides with them."""
    last = (Case.objects.filter(number__startswith=f"{country}-{year}-").order_by("-number")
            .values_list("number", flat=True).first())
    return int(last.rsplit("-", 1)[1]) if last else 0


def seed_cases(*, offices: dict[str, Office], count: int, rng: random.Random, as_of: dt.date,
               batch: int = 2000) -> tuple[int, int]:
    origins = [(offices[code], nats) for code, *_rest, nats in OFFICES if nats]
    # Case numbers continue the same per-country, per-year sequences that register_case uses.
    sequences: dict[tuple[str, int], int] = {
        (s.country, s.year): s.last for s in CaseSequence.objects.select_for_update()
    }
    persons_total = 0
    done = 0
    while done < count:
        n = min(batch, count - done)
        cases, families = [], []
        for _ in range(n):
            office, nationalities = rng.choice(origins)
            nationality = rng.choice(nationalities)
            programme = _weighted(rng, PROGRAMMES)
            destination = nationality if programme in RETURN_PROGRAMMES else _weighted(rng, RESETTLEMENT_DESTINATIONS)
            registered = as_of - dt.timedelta(days=rng.randrange(3 * 365))
            key = (office.country, registered.year)
            if key not in sequences:
                sequences[key] = _highest_number(*key)
            sequences[key] += 1
            cases.append(Case(
                number=f"{office.country}-{registered.year}-{sequences[key]:06d}", office=office,
                programme=programme, destination_country=destination, priority=_weighted(rng, PRIORITIES),
                status=_weighted(rng, STATUSES), registered_on=registered,
            ))
            families.append((nationality, _family(rng, _weighted(rng, SIZES))))
        Case.objects.bulk_create(cases)
        persons, links = [], []
        for case, (nationality, family) in zip(cases, families, strict=True):
            pool = POOLS[nationality]
            family_latin, family_native = pool.family_name(rng)
            father_latin, father_native = pool.male(rng)
            language = pool.languages[0] if rng.random() < 0.8 else rng.choice(pool.languages)
            for relationship, sex, age in family:
                given_latin, given_native = pool.given(rng, sex)
                dob, precision = _birth_date(rng, as_of, age)
                persons.append(Person(
                    office=case.office, given_name=given_latin, middle_name=father_latin, family_name=family_latin,
                    native_given_name=given_native, native_middle_name=father_native if given_native else "",
                    native_family_name=family_native, sex=sex, date_of_birth=dob, dob_precision=precision,
                    nationality=nationality, preferred_language=language,
                ))
                links.append((case, relationship))
        Person.objects.bulk_create(persons)
        index_person_names(persons, replace=False)
        CaseMember.objects.bulk_create([
            CaseMember(case=case, person=person, relationship=relationship, joined_on=case.registered_on)
            for person, (case, relationship) in zip(persons, links, strict=True)
        ])
        persons_total += len(persons)
        done += n
    for (country, year), last in sequences.items():
        CaseSequence.objects.update_or_create(country=country, year=year, defaults={"last": last})
    return done, persons_total


def seed_demo(*, cases: int, seed: int, as_of: dt.date, duplicates: float = 0.0,
              households: str = "mixed") -> SeedResult:
    """`duplicates`: the share of the new persons registered a second time as a variant
    (demo/duplicates.py), with some of their family or alone (`households="alone"`: always alone);
    the ground-truth pairs are in the result's `duplicate_pairs`."""
    # Reproducible synthetic data, not security: a seeded PRNG is what we want.
    rng = random.Random(seed)  # nosec B311
    with transaction.atomic():
        offices, users = build_world()
        first_new = (Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        case_count, person_count = seed_cases(offices=offices, count=cases, rng=rng, as_of=as_of)
        pairs = []
        if duplicates > 0:
            new_ids = list(Person.objects.filter(pk__gte=first_new).order_by("pk").values_list("pk", flat=True))
            cases_before, persons_before = Case.objects.count(), Person.objects.count()
            pairs = inject_duplicates(offices=offices, rate=duplicates, rng=rng, as_of=as_of, person_ids=new_ids,
                                      households=households)
            case_count += Case.objects.count() - cases_before
            person_count += Person.objects.count() - persons_before
        new_cases = list(Case.objects.filter(members__person_id__gte=first_new).distinct().order_by("pk")
                         .values_list("pk", flat=True))
        extras = extensions.run_all(seed=seed, as_of=as_of, case_ids=new_cases)
        audit.record(actor=None, action="demo.seed", object_type="demo.world", object_id=str(seed),
                     after={"cases": case_count, "persons": person_count, "as_of": as_of.isoformat(), **extras})
    return SeedResult(offices=len(offices), users=users, cases=case_count, persons=person_count,
                      duplicate_pairs=pairs, extras=extras)
