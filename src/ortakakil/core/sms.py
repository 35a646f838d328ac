"""Sending a text message (SMS), behind one interface like Django's e-mail backends.

``settings.SMS_BACKEND`` names the class (a dotted path): the console backend (development) logs
and prints the message, the locmem backend (tests) keeps it in ``outbox``. A production provider
(a Turkish operator's HTTP API) is one more class with a ``send(phone, text)`` method.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

CONSOLE = "ortakakil.core.sms.ConsoleBackend"
LOCMEM = "ortakakil.core.sms.LocmemBackend"


@dataclass(frozen=True)
class TextMessage:
    phone: str
    text: str


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class ConsoleBackend:
    """Development: the message goes to standard output (and the log), nowhere else."""

    def send(self, phone: str, text: str) -> None:
        masked = "*" * max(0, len(phone) - 2) + phone[-2:]
        logger.info("SMS to %s: %s", masked, text)
        sys.stdout.write(f"SMS to {phone}: {text}\n")
        sys.stdout.flush()


outbox: list[TextMessage] = []
"""The messages the locmem backend "sent" (the tests empty it)."""


class LocmemBackend:
    """Tests: the message is kept in ``outbox``."""

    def send(self, phone: str, text: str) -> None:
        outbox.append(TextMessage(phone=phone, text=text))


def backend() -> SmsBackend:
    path = getattr(settings, "SMS_BACKEND", "") or CONSOLE
    backend_class = import_string(path)
    instance: SmsBackend = backend_class()
    return instance


def send_sms(phone: str, text: str) -> None:
    """Send ``text`` to ``phone`` (normalised, ``+905xxxxxxxxx``) through the configured backend."""
    backend().send(phone, text)
