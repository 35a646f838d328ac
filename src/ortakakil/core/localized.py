"""Content in the interface's language: Turkish texts with optional English twins.

Turkish is the source of truth. A content model keeps its Turkish text in the field named
for it (``title``) and may carry an English text in a twin field (``title_en``, empty by
default). Pages ask for ``obj.localized.title``: the English text when the interface is in
English and the twin is filled, the Turkish text otherwise. Everything else — services,
forms, search, ordering, the API's existing fields, exports and reports — keeps reading and
writing the Turkish field itself, so the official record stays Turkish whatever language
the person at the keyboard chose.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .text import visible

ENGLISH = "en"
SUFFIX = "_en"

ENGLISH_HELP = _("Shown when the interface is in English. Leave it empty to show the Turkish text.")


def is_english(language: str | None) -> bool:
    """Whether ``language`` (``"en"``, ``"en-us"`` …) is English."""
    return bool(language) and str(language).split("-")[0].lower() == ENGLISH


def has_text(value: Any) -> bool:
    """Whether ``value`` (a text or a list of texts) shows anything to a reader."""
    if isinstance(value, str):
        return bool(visible(value))
    if isinstance(value, list | tuple):
        return any(has_text(item) for item in value)
    return False


def pick(turkish: Any, english: Any, *, language: str | None) -> Any:
    """The text a reader of ``language`` sees: the English one if it has any, else the Turkish."""
    if is_english(language) and has_text(english):
        return english
    return turkish


def pick_labels(turkish: list[str], english: list[str] | None, *, language: str | None) -> list[str]:
    """Labels of a list of choices, item by item: a missing English label shows the Turkish one."""
    if not is_english(language) or not english:
        return list(turkish)
    return [pick(label, english[n] if n < len(english) else "", language=language) for n, label in enumerate(turkish)]


class LocalizedTexts:
    """Read-only view of one object's texts in the active language (``obj.localized.name``)."""

    __slots__ = ("_instance",)

    def __init__(self, instance: HasEnglishTexts) -> None:
        self._instance = instance

    def __getattr__(self, name: str) -> Any:
        instance = self._instance
        if name not in type(instance).english_fields:
            raise AttributeError(f"{type(instance).__name__}.{name} has no English text")
        return pick(getattr(instance, name), getattr(instance, name + SUFFIX), language=translation.get_language())


class HasEnglishTexts:
    """Mixin for content models whose ``english_fields`` each have an English twin ``<field>_en``."""

    english_fields: ClassVar[tuple[str, ...]] = ()

    @property
    def localized(self) -> LocalizedTexts:
        return LocalizedTexts(self)
