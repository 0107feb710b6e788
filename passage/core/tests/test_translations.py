"""The shipped catalogues are complete and compiled, and pages render in the chosen language."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

LANGUAGES = ["fr", "es", "ar"]
# The project catalogue and each module's own (see `make messages`).
LOCALE_DIRS = [Path(settings.LOCALE_PATHS[0]), *sorted(Path(settings.BASE_DIR, "passage").glob("*/locale"))]
CATALOGUES = [(lang, d) for d in LOCALE_DIRS for lang in LANGUAGES]
IDS = [f"{d.parent.name}-{lang}" for lang, d in CATALOGUES]


def _catalogue(lang: str, locale_dir: Path) -> tuple[Path, Path]:
    base = locale_dir / lang / "LC_MESSAGES"
    return base / "django.po", base / "django.mo"


@pytest.mark.parametrize(("lang", "locale_dir"), CATALOGUES, ids=IDS)
def test_catalogue_is_complete(lang, locale_dir):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt is not None, "GNU gettext (msgfmt) is required; `make test` installs it"
    po, _ = _catalogue(lang, locale_dir)
    assert po.is_file(), f"{po} is missing; run makemessages"
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    stats = result.stderr
    translated = re.search(r"(\d+) translated messages?", stats)
    assert translated and int(translated.group(1)) > 0, stats
    assert "fuzzy" not in stats, stats
    assert "untranslated" not in stats, stats


@pytest.mark.parametrize(("lang", "locale_dir"), CATALOGUES, ids=IDS)
def test_compiled_catalogue_matches_its_source(lang, locale_dir, tmp_path):
    # Compare content, not file times (a git clone gives every file the same arbitrary time).
    po, mo = _catalogue(lang, locale_dir)
    assert mo.is_file(), f"{mo} is missing; run `make messages`"
    fresh = tmp_path / "fresh.mo"
    subprocess.run([shutil.which("msgfmt") or "msgfmt", "-o", str(fresh), str(po)], check=True)
    with mo.open("rb") as shipped, fresh.open("rb") as expected:
        shipped_catalog = gettext.GNUTranslations(shipped)._catalog  # noqa: SLF001
        expected_catalog = gettext.GNUTranslations(expected)._catalog  # noqa: SLF001
    assert shipped_catalog == expected_catalog, f"{mo} is stale; run `make messages`"


@pytest.mark.parametrize(
    ("lang", "direction", "sign_out"),
    [("ar", "rtl", "تسجيل الخروج"), ("fr", "ltr", "Se déconnecter"), ("es", "ltr", "Cerrar sesión")],
)
def test_home_page_in_language_from_cookie(client, world, lang, direction, sign_out):
    client.force_login(world.caseworker_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert sign_out in html
    assert "Sign out" not in html


def test_home_page_in_language_from_accept_language(client, world):
    client.force_login(world.caseworker_a)
    response = client.get(reverse("home"), headers={"accept-language": "ar"})
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "تسجيل الخروج" in html


def test_home_page_defaults_to_english(client, world):
    client.force_login(world.caseworker_a)
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Sign out" in html
