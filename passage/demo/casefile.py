"""Synthetic case files in the import format (registry/columns.py), for tests and the benchmark.
Rows are generated one at a time, so a file of a million rows costs no memory to write."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

from passage.registry.columns import IMPORT_FIELDS

GIVEN = (("Mohamed", "M"), ("Fatima", "F"), ("Abdi", "M"), ("Hodan", "F"), ("Ahmad", "M"), ("Maryam", "F"),
         ("Tesfaye", "M"), ("Senait", "F"))
FAMILY = ("Warsame", "Haddad", "Ahmadi", "Tesfamariam", "Hussein", "Osman")
NATIONALITY = ("SOM", "SYR", "AFG", "ERI", "SDN", "COD")


def case_rows(cases: int, *, seed: int = 1, prefix: str = "BENCH", size: int = 4) -> Iterator[dict[str, str]]:
    """`cases` cases of `size` members each (a principal applicant, a spouse, then children)."""
    # Synthetic data, not security: a seeded PRNG is what we want.
    rng = random.Random(seed)  # nosec B311
    for n in range(cases):
        family = rng.choice(FAMILY)
        nationality = rng.choice(NATIONALITY)
        pa_year = rng.randint(1960, 1995)
        for i in range(size):
            given, sex = rng.choice(GIVEN)
            relationship, year = ("PA", pa_year) if i == 0 else ("spouse", pa_year + 2) if i == 1 else \
                ("child", min(pa_year + 20 + i, 2023))
            born = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
            yield {
                "case_ref": f"{prefix}-{n:08d}", "programme": "resettlement", "destination_country": "USA",
                "priority": "normal", "relationship": relationship, "given_name": given, "middle_name": "Ali",
                "family_name": family, "sex": sex, "date_of_birth": born.isoformat(),
                "dob_precision": "exact", "nationality": nationality, "preferred_language": "ara",
                "languages": "ara;eng", "phone": f"+2547{n:08d}",
            }


def write_csv(path: Path, rows: Iterator[dict[str, str]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=IMPORT_FIELDS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count
