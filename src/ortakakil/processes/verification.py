"""Which actions a phase may reserve to verified participants, and the check the actions make.

The apps above register their verifiable actions from their ``registrations.py``
(``register_action("supports", label, refusal)``); the back-office phase form offers them as
checkboxes (``Phase.verification_required``), next to the accepted methods
(``Phase.verification_methods``, none chosen: any). The services of those actions call
``require_verified(user, process, action)`` before they write: it raises ``VerificationRequired``
(a ``ValidationError``: a 400 in the API, the message on the page) with a Turkish sentence that
says what to do, and ``url``, the person's verification page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from ortakakil.core.verification import METHODS, is_verified

if TYPE_CHECKING:
    from .models import Phase, Process


@dataclass(frozen=True)
class VerifiableAction:
    key: str
    label: Any
    """A (lazily) translated name for the phase form's checkbox, e.g. «Supporting proposals»."""
    refusal: Any = ""
    """A (lazily) translated sentence: «To support in this phase you need to verify your identity.»"""


_ACTIONS: dict[str, VerifiableAction] = {}


def register_action(key: str, label: Any, refusal: Any = "") -> None:
    """Register an action a phase may reserve to verified participants (idempotent by key)."""
    _ACTIONS[key] = VerifiableAction(key=key, label=label, refusal=refusal)


def actions() -> list[VerifiableAction]:
    return sorted(_ACTIONS.values(), key=lambda action: action.key)


def action_choices() -> list[tuple[str, str]]:
    return [(action.key, str(action.label)) for action in actions()]


def method_choices() -> list[tuple[str, str]]:
    return [(info.key, str(info.label)) for info in METHODS.values()]


class VerificationRequired(ValidationError):
    """The action needs a verified participant; ``url`` is where the person verifies (the pages
    show the message with a «Kimliğinizi doğrulayın →» link to it, the API answers 403 with it)."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message, code="verification_required")
        self.url = url


def link_label() -> str:
    return _("Verify your identity →")


def verification_url(back_to: str = "") -> str:
    """The verification page; with ``back_to`` (a path on this site), it sends the person back
    there once verified."""
    url = reverse("my_verification")
    return f"{url}?{urlencode({'next': back_to})}" if back_to else url


def requirement(process: Process, action: str) -> tuple[bool, list[str]]:
    """``(required, methods)`` for ``action`` in the process's current phase."""
    phase: Phase | None = process.current_phase if process.current_phase_id else None
    if phase is None or action not in (phase.verification_required or []):
        return False, []
    return True, [m for m in (phase.verification_methods or []) if m in METHODS]


def require_verified(user: Any, process: Process, action: str) -> None:
    """Refuse ``action`` when the process's current phase reserves it to verified participants
    and ``user`` holds no current verification by an accepted method."""
    required, methods = requirement(process, action)
    if not required or is_verified(user, methods or None):
        return
    registered = _ACTIONS.get(action)
    sentence = str(registered.refusal) if registered and registered.refusal else ""
    if not sentence:
        sentence = _("This phase is open to verified participants only; you need to verify your identity.")
    if methods:
        names = ", ".join(str(METHODS[m].label) for m in methods)
        sentence = f"{sentence} {_('Accepted: %(methods)s.') % {'methods': names}}"
    raise VerificationRequired(sentence, url=verification_url())
