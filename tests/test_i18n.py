"""The Turkish catalogue is complete and its compiled .mo matches the .po."""

import gettext
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[1] / "src" / "ortakakil" / "locale" / "tr" / "LC_MESSAGES"


def test_turkish_catalogue_is_complete():
    po = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


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
