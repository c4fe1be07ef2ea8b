"""The French and English catalogues are complete, compiled, and cover every string of the code."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[3]
LOCALE = ROOT / "partage" / "locale"
LANGS = ["fr", "en"]


def _po(lang: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_is_translated_and_not_fuzzy(lang):
    po = _po(lang)
    missing = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert not missing, f"{len(missing)} chaînes non traduites en {lang}: {missing[:10]}"
    assert not fuzzy, f"{len(fuzzy)} chaînes floues en {lang}: {fuzzy[:10]}"


def test_french_catalogue_gives_every_string_its_own_text():
    """French is the source language: a French msgstr that differs from its msgid is a wrong guess."""
    wrong = []
    for entry in _po("fr"):
        if entry.msgid_plural:
            if [entry.msgstr_plural.get(0), entry.msgstr_plural.get(1)] != [entry.msgid, entry.msgid_plural]:
                wrong.append(entry.msgid)
        elif entry.msgstr != entry.msgid:
            wrong.append(entry.msgid)
    assert not wrong, f"{len(wrong)} entrées françaises différentes de leur texte source : {wrong[:5]}"


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalogue_matches_po(lang):
    mo_path = LOCALE / lang / "LC_MESSAGES" / "django.mo"
    with mo_path.open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    stale = []
    for entry in _po(lang):
        if entry.obsolete or not entry.translated() or entry.msgid_plural:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if mo._catalog.get(key) != entry.msgstr:
            stale.append(entry.msgid)
    assert not stale, f"django.mo ({lang}) n'est pas à jour : lancez `make messages`. {stale[:5]}"


def test_catalogues_cover_every_string_of_the_code(tmp_path):
    if not shutil.which("xgettext"):
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext (xgettext) est requis en CI pour vérifier les catalogues.")
        pytest.skip("GNU gettext absent : vérification de couverture des catalogues non faite.")
    copy = tmp_path / "partage"
    shutil.copytree(ROOT / "partage", copy, ignore=shutil.ignore_patterns("__pycache__", "tests", "testing"))
    # Settings that point makemessages at the copy, so the real catalogues are never touched.
    (tmp_path / "catalogue_settings.py").write_text(
        f"from partage.settings_test import *\nLOCALE_PATHS = [{str(copy / 'locale')!r}]\n"
    )
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "fr", "--no-location", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "catalogue_settings",
            "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        },
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))}
    known = {e.msgid for e in _po("fr") if not e.obsolete}
    absent = sorted(fresh - known)
    assert not absent, f"{len(absent)} chaînes du code absentes des catalogues (`make messages`) : {absent[:10]}"
