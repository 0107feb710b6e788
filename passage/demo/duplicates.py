"""Labelled duplicates for the demo caseload: some persons registered a second time, as a new
individual case, the way it happens in the field (another spelling, names swapped, a typo, day and
month swapped, a name left out, sometimes another office). The pairs are the ground truth that
bench/duplicates.py measures duplicate detection against."""

from __future__ import annotations

import datetime as dt
import random

from passage.core.models import Office
from passage.demo.names import POOLS
from passage.demo.world import OFFICES
from passage.registry.models import Case, CaseMember, CaseSequence, Person
from passage.registry.names import index_person_names

_KEYBOARD_NEIGHBOURS = {"a": "qs", "e": "wr", "i": "uo", "o": "ip", "u": "yi", "m": "n", "n": "m", "s": "ad",
                        "d": "sf", "h": "gj", "r": "et", "t": "ry", "l": "k", "b": "v", "f": "dg", "k": "jl"}
VARIATIONS = (("spelling", 35), ("typo", 25), ("swap_order", 15), ("dob_swap", 12), ("dob_near", 6),
              ("drop_middle", 7))


# Spellings of one name that registration officers really use for the names in the demo pools.
SPELLINGS = (
    ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Mohamad", "Maxamed"), ("Hussein", "Hussain", "Hossein", "Husayn"),
    ("Abdul Rahman", "Abdulrahman", "Abd al-Rahman", "Abdelrahman"), ("Hassan", "Hasan", "Xasan"), ("Abdi", "Cabdi"),
    ("Abdullahi", "Cabdullaahi"), ("Fadumo", "Faadumo", "Fatuma"), ("Asha", "Caasha", "Aisha"), ("Hawa", "Xaawo"),
    ("Ali", "Cali"), ("Mohamud", "Maxamuud"), ("Jama", "Jaamac"), ("Farah", "Faarax"), ("Osman", "Cismaan", "Usman"),
    ("Tesfaye", "Tesfay", "Tesfai"), ("Yusuf", "Youssef", "Yousef"), ("Ahmad", "Ahmed"), ("Omar", "Umar"),
    ("Al-Hassan", "Alhassan", "El Hassan"), ("Al-Ahmad", "Al Ahmed"), ("El-Sayed", "Al-Sayed", "Elsayed"),
    ("Ibrahim", "Ebrahim"), ("Youssef", "Yusuf"), ("Mahmoud", "Mahmud"), ("Mustafa", "Mostafa"), ("Zainab", "Zeinab"),
    ("Othman", "Uthman"), ("Khalid", "Khaled"), ("Maryam", "Mariam"), ("Noor", "Nur"), ("Gebremedhin", "Ghebremedhin"),
)


def _spellings() -> dict[str, list[str]]:
    by_name: dict[str, list[str]] = {}
    for group in SPELLINGS:
        for name in group:
            by_name[name] = [other for other in group if other != name]
    return by_name


def _respell(rng: random.Random, name: str, spellings: dict[str, list[str]]) -> str:
    if name in spellings:
        return rng.choice(spellings[name])
    # No known variant: romanise a vowel or a doubled letter differently, as another officer would.
    for old, new in (("ou", "u"), ("ee", "i"), ("ss", "s"), ("mm", "m"), ("a", "e"), ("e", "a"), ("i", "e"), ("u", "o")):
        at = name.rfind(old, 1)
        if at > 0:
            return name[:at] + new + name[at + len(old):]
    return name + "h"


def _typo(rng: random.Random, name: str) -> str:
    if len(name) < 4:
        return name + name[-1]
    at = rng.randrange(1, len(name) - 1)
    kind = rng.random()
    if kind < 0.4:  # a neighbouring key
        options = _KEYBOARD_NEIGHBOURS.get(name[at].lower(), "aeiou")
        return name[:at] + rng.choice(options) + name[at + 1:]
    if kind < 0.7:  # two letters swapped
        return name[:at] + name[at + 1] + name[at] + name[at + 2:]
    return name[:at] + name[at + 1:]  # a letter left out


def _variant(rng: random.Random, person: Person, spellings: dict[str, list[str]]) -> tuple[Person, list[str]]:
    copy = Person(
        given_name=person.given_name, middle_name=person.middle_name, family_name=person.family_name,
        native_given_name=person.native_given_name, native_middle_name=person.native_middle_name,
        native_family_name=person.native_family_name, sex=person.sex, date_of_birth=person.date_of_birth,
        dob_precision=person.dob_precision, nationality=person.nationality,
        preferred_language=person.preferred_language,
    )
    kinds, weights = zip(*VARIATIONS, strict=True)
    applied = sorted(set(rng.choices(kinds, weights=weights, k=1 if rng.random() < 0.6 else 2)))
    fields = ["given_name", "middle_name", "family_name"]
    for kind in applied:
        target = rng.choice([f for f in fields if getattr(copy, f)])
        if kind == "spelling":
            setattr(copy, target, _respell(rng, getattr(copy, target), spellings))
        elif kind == "typo":
            setattr(copy, target, _typo(rng, getattr(copy, target)))
        elif kind == "swap_order":
            copy.given_name, copy.family_name = copy.family_name or copy.given_name, copy.given_name
        elif kind == "drop_middle" and copy.middle_name:
            copy.middle_name = copy.native_middle_name = ""
        elif kind in ("dob_swap", "dob_near"):
            born = copy.date_of_birth
            if kind == "dob_swap" and born.day <= 12 and born.day != born.month:
                copy.date_of_birth = born.replace(month=born.day, day=born.month)
            elif born.day < 27:
                copy.date_of_birth = born + dt.timedelta(days=rng.choice((1, 2)))
    if rng.random() < 0.4:  # the native-script name is often not taken down a second time
        copy.native_given_name = copy.native_middle_name = copy.native_family_name = ""
    return copy, applied


# How a re-registered person comes back (shared/DOMAIN.md): most often with some of the same family,
# else alone (a son or daughter who left the parents' case), sometimes with another household (a new
# spouse and children). Assumed shares for persons whose first case had other members; persons who
# were alone come back alone. HOUSEHOLDS="alone" gives every re-registration its own individual case.
HOUSEHOLD_MIX = (("with_family", 55), ("alone", 35), ("other_household", 10))


def _invented_member(rng: random.Random, original: Person, as_of: dt.date) -> Person:
    """Someone new in the re-registered person's new household (a spouse or a child)."""
    pool = POOLS[original.nationality]
    sex = rng.choice("MF")
    given, given_native = pool.given(rng, sex)
    father, father_native = pool.male(rng)
    family, family_native = pool.family_name(rng)
    year = as_of.year - rng.randint(0, 40)
    if rng.random() < 0.18:
        born, precision = dt.date(year, 1, 1), Person.DatePrecision.ESTIMATED
    else:
        born, precision = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365)), Person.DatePrecision.EXACT
    return Person(given_name=given, middle_name=father, family_name=family, native_given_name=given_native,
                  native_middle_name=father_native if given_native else "", native_family_name=family_native,
                  sex=sex, date_of_birth=min(born, as_of), dob_precision=precision, nationality=original.nationality,
                  preferred_language=original.preferred_language)


def _households(person_ids: list[int]) -> dict[int, list[int]]:
    """The other members of each person's (first) case, in id order."""
    case_of: dict[int, int] = {}
    for start in range(0, len(person_ids), 900):
        for person_id, case_id in CaseMember.objects.filter(person_id__in=person_ids[start:start + 900]).order_by(
                "person_id", "case_id").values_list("person_id", "case_id"):
            case_of.setdefault(person_id, case_id)
    members: dict[int, list[int]] = {}
    case_ids = sorted(set(case_of.values()))
    for start in range(0, len(case_ids), 900):
        for case_id, person_id in CaseMember.objects.filter(case_id__in=case_ids[start:start + 900]).order_by(
                "case_id", "person_id").values_list("case_id", "person_id"):
            members.setdefault(case_id, []).append(person_id)
    return {pk: [m for m in members.get(case_of.get(pk), []) if m != pk] for pk in person_ids}


def inject_duplicates(*, offices: dict[str, Office], rate: float, rng: random.Random, as_of: dt.date,
                      person_ids: list[int], households: str = "mixed") -> list[dict]:
    """Register about round(rate * len(person_ids)) of the given persons again, as variants, each
    re-registration a new case: alone, with variants of some of their family (HOUSEHOLD_MIX), or with
    new people; returns the ground truth, one {"original", "duplicate", "variations", "household"}
    per re-registered person. `households="alone"`: every re-registration alone, in its own case."""
    count = round(rate * len(person_ids))
    if count <= 0:
        return []
    spellings = _spellings()
    chosen = sorted(rng.sample(person_ids, count))
    family_of = _households(chosen) if households != "alone" else {}
    wanted = set(chosen)
    for pk in chosen:
        wanted.update(family_of.get(pk, ()))
    originals = Person.objects.select_related("office").in_bulk(sorted(wanted))
    origins = [offices[code] for code, *_rest, nats in OFFICES if nats]
    sequences = {(s.country, s.year): s.last for s in CaseSequence.objects.select_for_update()}
    cases, members, labels = [], [], []  # members: (case index, person, relationship)
    copies: list[Person] = []  # the re-registered persons, in the order of `labels`
    used: set[int] = set()
    for pk in chosen:
        if len(labels) >= count:
            break
        if pk in used:
            continue
        original = originals[pk]
        others = [m for m in family_of.get(pk, ()) if m not in used]
        mode = "alone"
        if others:
            kinds, weights = zip(*HOUSEHOLD_MIX, strict=True)
            mode = rng.choices(kinds, weights=weights)[0]
        office = original.office if rng.random() < 0.75 else rng.choice(origins)
        registered = as_of - dt.timedelta(days=rng.randrange(365))
        key = (office.country, registered.year)
        sequences[key] = sequences.get(key, 0) + 1
        cases.append(Case(number=f"{office.country}-{registered.year}-{sequences[key]:06d}", office=office,
                          programme="resettlement", destination_country="USA", registered_on=registered))
        again = [pk]
        if mode == "with_family":
            again += sorted(rng.sample(others, rng.randint(1, len(others))))
        for n, member_pk in enumerate(again):
            copy, applied = _variant(rng, originals[member_pk], spellings)
            copy.office = office
            relationship = CaseMember.Relationship.PRINCIPAL if n == 0 else CaseMember.Relationship.OTHER
            members.append((len(cases) - 1, copy, relationship))
            copies.append(copy)
            labels.append({"original": member_pk, "variations": applied, "household": mode})
            used.add(member_pk)
        if mode == "other_household":
            for _ in range(rng.randint(1, 4)):
                invented = _invented_member(rng, original, as_of)
                invented.office = office
                members.append((len(cases) - 1, invented, CaseMember.Relationship.OTHER))
    Case.objects.bulk_create(cases, batch_size=2000)
    persons = [person for _case, person, _rel in members]
    Person.objects.bulk_create(persons, batch_size=2000)
    CaseMember.objects.bulk_create([
        CaseMember(case=cases[n], person=person, relationship=relationship,
                   joined_on=cases[n].registered_on, join_reason="registration")
        for n, person, relationship in members
    ], batch_size=2000)
    index_person_names(persons, replace=False)
    for (country, year), last in sequences.items():
        CaseSequence.objects.update_or_create(country=country, year=year, defaults={"last": last})
    for label, person in zip(labels, copies, strict=True):
        label["duplicate"] = person.pk
    return labels
