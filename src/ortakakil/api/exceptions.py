"""JSON error bodies for every failure, with the services' Turkish messages."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ortakakil.core.ratelimit import wait_message
from ortakakil.processes.verification import VerificationRequired


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, exceptions.Throttled):
        wait = max(1, math.ceil(getattr(exc, "wait", None) or 1))
        return Response({"detail": wait_message(wait)}, status=exc.status_code, headers={"Retry-After": str(wait)})
    if isinstance(exc, VerificationRequired):  # the phase is for verified participants
        return Response(
            {"detail": " ".join(exc.messages), "code": "verification_required", "verification_url": exc.url},
            status=403,
        )
    if isinstance(exc, DjangoValidationError):
        detail: Any
        if hasattr(exc, "error_dict"):
            detail = exc.message_dict
        else:
            detail = {"detail": " ".join(str(m) for m in exc.messages)}
        exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)
