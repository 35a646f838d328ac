"""Request bodies the API accepts: JSON, forms and multipart forms, refused with a Turkish JSON 400
when they carry control characters (PostgreSQL cannot store or even compare text with a NUL) or
nest deeper than Python's parser can follow (it would otherwise end in a server error)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import DataAndFiles, FormParser, JSONParser, MultiPartParser

from ortakakil.core.text import control_characters


def _refuse_control_characters(value: Any) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if bad := control_characters(item):
                raise ParseError(
                    _("The request contains characters that cannot be stored (%(chars)s).") % {"chars": ", ".join(bad)}
                )
        elif isinstance(item, QueryDict):
            stack.extend(item.keys())
            stack.extend(value for _key, values in item.lists() for value in values)
        elif isinstance(item, Mapping):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


class SafeJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The JSON body is nested too deeply.")) from None
        except ParseError:
            raise ParseError(_("The body is not valid JSON.")) from None
        _refuse_control_characters(data)
        return data


class SafeFormParser(FormParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        _refuse_control_characters(data)
        return data


class SafeMultiPartParser(MultiPartParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> DataAndFiles:
        parsed = super().parse(stream, media_type, parser_context)
        _refuse_control_characters(parsed.data)
        return parsed
