"""The Turkish catalogue is complete: every string in the code is extracted and translated, and
the compiled .mo matches the .po."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "ortakakil"
LOCALE = PACKAGE / "locale" / "tr" / "LC_MESSAGES"


def test_turkish_catalogue_is_complete():
    po = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    """Extract the strings afresh (Django's makemessages on a copy of the sources) and compare:
    a string wrapped in gettext or {% translate %} but never extracted fails here."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is missing: apt-get install gettext (.ci/run installs it)")
    copy = tmp_path / "ortakakil"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "tr", "--no-obsolete", "--no-location"],
        cwd=copy,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "ortakakil.settings",
            "PYTHONPATH": str(PACKAGE.parent),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    extracted = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale/tr/LC_MESSAGES/django.po"))}
    committed = polib.pofile(str(LOCALE / "django.po"))
    known = {(e.msgctxt, e.msgid) for e in committed if not e.obsolete}
    missing = sorted(msgid for _ctx, msgid in extracted - known)
    assert missing == [], "run `make messages` and translate these strings"


def test_compiled_catalogue_is_up_to_date():
    po = polib.pofile(str(LOCALE / "django.po"))
    with open(LOCALE / "django.mo", "rb") as handle:
        mo = gettext.GNUTranslations(handle)
    stale = [
        e.msgid
        for e in po.translated_entries()
        if not e.msgid_plural and mo.pgettext(e.msgctxt, e.msgid) != e.msgstr
        if e.msgctxt
    ] + [
        e.msgid
        for e in po.translated_entries()
        if not e.msgid_plural and not e.msgctxt and mo.gettext(e.msgid) != e.msgstr
    ]
    assert stale == [], "run `make messages` to recompile the catalogue"
