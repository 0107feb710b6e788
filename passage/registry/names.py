"""Names compared across spellings: a canonical form of each word of a name and a phonetic key, so
that Mohammed, Muhammad, Mohamed and Maxamed, or Tesfaye, Tesfay and Tesfai, are found by one
indexed lookup. See shared/DOMAIN.md, "Names, dates and families", for why this is needed.

The canonical form undoes what differs between romanisations (diacritics, Al-/El- particles,
"Abdul Rahman" written in one, two or three words, Somali orthography where x is h and c is the
'ayn), then Metaphone (jellyfish) reduces the word to its consonant skeleton. Keys are coarse on
purpose: they decide who is compared, never who is the same person (registry/duplicates.py does).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import jellyfish
from django.db import connection, transaction

from passage.registry.models import Person, PersonNameKey

NAME_FIELDS = ("given_name", "middle_name", "family_name")
NATIVE_FIELDS = ("native_given_name", "native_middle_name", "native_family_name")

# Standalone words that carry no identity: the article and "son/daughter of".
PARTICLES = frozenset({"al", "el", "ul", "bin", "ibn", "bint", "binti"})
# "Abd" (servant of) is written apart or joined: Abd al-Rahman, Abdul Rahman, Abdelrahman, Abdirahman.
_ABD_WORDS = frozenset({"abd", "abdu", "abdul", "abdel", "abdal", "abdol", "abdur", "abdi"})
_ABD_JOINED = re.compile(r"^abd(?:[aeiou]l|[aeiou])?(?P<rest>[a-z]{4,})$")
_ABBREVIATIONS = {"md": "mohamed", "mohd": "mohamed", "muhd": "mohamed", "mhd": "mohamed"}
_APOSTROPHES = "'’‘`ʿʾ"
_LATIN = re.compile(r"^[a-z]+$")
_SPLIT = re.compile(r"[^\w]+|_")
_DOUBLE = re.compile(r"([a-z])\1+")
# Arabic-script letters written differently across Arabic, Dari and Pashto keyboards.
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك",
                              "ـ": None, "\u200c": None, "\u200d": None})
# Pair keys join two word keys; "+" never occurs in a word key, so search never confuses them.
PAIR_SEPARATOR = "+"
MAX_WORDS = 5


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Somali names written with c (the 'ayn) but with no other sign of Somali spelling (x, a doubled
# vowel): without this list, Carlos or Patricia would lose their c too.
_SOMALI_C_WORDS = frozenset({
    "cali", "cabdi", "cumar", "cawil", "cilmi", "cadan", "cawo", "cabdulle", "cabdalla", "casha", "cusmaan",
    "cosman", "cismaan", "cilmiye", "caydiid", "calas", "ciise", "cumer", "cabdiqani",
})
_SOMALI_SIGNS = re.compile(r"x|aa|ee|ii|oo|uu")


def _somali(word: str) -> str:
    """Somali official orthography to the common English spelling: x is h (Xasan, Maxamed), c is the
    'ayn and is dropped (Cabdi, Cali, Jaamac), long vowels are doubled (Faadumo). Applied only to
    words that show Somali spelling, so Carlos, Claudine and Patricia keep their c."""
    if not (_SOMALI_SIGNS.search(word) or word in _SOMALI_C_WORDS):
        return word
    word = word.replace("x", "h")
    word = re.sub(r"c(?!h)", "", word)
    return word


def canonical_word(word: str) -> str:
    """The canonical form of one Latin-script word (lower case, no marks)."""
    word = _ABBREVIATIONS.get(word, word)
    word = _somali(word)
    match = _ABD_JOINED.match(word)
    if match:
        word = "abd" + match["rest"]
    word = word.replace("gh", "g").replace("ou", "u")
    word = re.sub(r"(?:aye|ai|ey|ie)$", "ay", word)  # Tesfaye, Tesfai, Tesfay
    word = _DOUBLE.sub(r"\1", word)
    return word


def _join_abd(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        if out and out[-1] in _ABD_WORDS:
            out[-1] = out[-1] + word
        else:
            out.append(word)
    return out


def name_words(text: str) -> list[str]:
    """The canonical Latin words of one name field; words in other scripts are left out."""
    return list(_name_words(text or ""))


@lru_cache(maxsize=65536)
def _name_words(text: str) -> tuple[str, ...]:
    plain = _strip_marks(text or "").lower()
    for mark in _APOSTROPHES:
        plain = plain.replace(mark, "")
    words = [w for w in _SPLIT.split(plain) if w and _LATIN.match(w)]
    words = _join_abd([_somali(w) for w in words])  # Cabdi Cali joins like Abdi Ali
    kept = [w for w in words if w not in PARTICLES] or words
    return tuple(c for c in (canonical_word(w) for w in kept) if c)


def native_words(text: str) -> list[str]:
    """Words of a native-script name, with Arabic-script letter forms folded and marks removed."""
    plain = _strip_marks(unicodedata.normalize("NFKC", text or "")).translate(_ARABIC_FOLD)
    return [w for w in _SPLIT.split(plain) if w]


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The phonetic key of one canonical word: Metaphone, with any leading vowel written A (Omar and
    Umar, Ibrahim and Ebrahim, Osman and Usman)."""
    key = jellyfish.metaphone(word).upper()
    if not key:
        return ""
    if key[0] in "AEIOU":
        key = "A" + key[1:]
    return key[:19]


def part_keys(text: str) -> list[str]:
    """The keys of the words of one name field (or of a search query), in order."""
    return [k for k in (word_key(w) for w in name_words(text)) if k]


def _get(person_like: Any, name: str) -> Any:
    if isinstance(person_like, dict):
        return person_like.get(name, "")
    return getattr(person_like, name, "")


def person_words(person_like: Any) -> list[str]:
    """All canonical words of a person's Latin-script name, given name first."""
    words: list[str] = []
    for name in NAME_FIELDS:
        words.extend(_name_words(_get(person_like, name) or ""))
    return words


@lru_cache(maxsize=65536)
def _keys_of_words(words: tuple[str, ...]) -> frozenset[str]:
    singles = []
    for word in words:
        key = word_key(word)
        if key and key not in singles:
            singles.append(key)
    singles = singles[:MAX_WORDS]
    keys = set(singles)
    ordered = sorted(singles)
    for i, first in enumerate(ordered):
        for second in ordered[i + 1:]:
            keys.add(f"{first}{PAIR_SEPARATOR}{second}")
    return frozenset(keys)


def name_keys(person_like: Any) -> set[str]:
    """The keys stored for a person (a Person, a PersonIn or a dict): one per word of their name
    and of each alias, and one per unordered pair of words of the same name. Pairs let duplicate
    detection block on two shared words at once, in any order, without a scan of everyone called
    Mohamed."""
    keys = set(_keys_of_words(tuple(person_words(person_like))))
    for alias in _get(person_like, "aliases") or ():
        keys |= _keys_of_words(_name_words(str(alias)))
    return keys


def pair_keys(keys: Iterable[str]) -> set[str]:
    return {k for k in keys if PAIR_SEPARATOR in k}


def index_person_names(persons: Iterable[Person], *, replace: bool = True, batch_size: int = 5000) -> int:
    """(Re)write the PersonNameKey rows of `persons` in bulk; returns the number of rows written.
    `replace=False` skips the delete, for persons just created."""
    persons = list(persons)
    rows = [(p.pk, key, p.date_of_birth) for p in persons for key in sorted(name_keys(p))]
    quote = connection.ops.quote_name
    # Plain executemany: seeding writes millions of keys, and model instances would triple the time.
    # Table and column names come from the model; the values are parameters.
    table, columns = quote(PersonNameKey._meta.db_table), ", ".join(quote(c) for c in ("person_id", "key", "date_of_birth"))
    sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s)"  # nosec B608
    with transaction.atomic(), connection.cursor() as cursor:
        if replace and persons:
            ids = [p.pk for p in persons]
            for start in range(0, len(ids), 900):
                PersonNameKey.objects.filter(person_id__in=ids[start:start + 900]).delete()
        for start in range(0, len(rows), batch_size):
            cursor.executemany(sql, rows[start:start + batch_size])
    return len(rows)
