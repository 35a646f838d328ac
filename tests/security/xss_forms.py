"""Fill a page's real form with the XSS corpus and post it, as its user would.

``post_form`` reads the form the page shows (GET with Django's test client), puts a payload into
every text field (``<textarea>``: as much of the corpus as fits; ``<input type=text>``: a short
payload that fits its ``maxlength``), keeps what the page preselected for every other field, and
posts it. A field the form refuses with a payload (a code, a slug, a number) is filled again with
its page value or a plain text and the form posted again: the other fields keep their payloads.
The caller learns which fields were stored with a payload — at least one, or the submission proves
nothing and the helper fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import lxml.html

from . import xss_payloads as corpus

TEXT_TYPES = {"text", "search", ""}


@dataclass
class Submission:
    url: str
    status: int
    location: str
    payload_fields: list[str] = field(default_factory=list)


def _form(page: str, url: str, action: str | re.Pattern[str] | None):
    document = lxml.html.fromstring(page)
    forms = [f for f in document.xpath("//form") if (f.get("method") or "get").lower() == "post"]
    if isinstance(action, re.Pattern):
        forms = [f for f in forms if action.search(f.get("action") or "")]
    elif action is not None:
        forms = [f for f in forms if (f.get("action") or "") == action]
    else:
        forms = [f for f in forms if (f.get("action") or "") in ("", url)]

    def text_fields(form) -> int:
        return len(form.xpath(".//textarea | .//input[not(@type) or @type='text']"))

    forms.sort(key=text_fields, reverse=True)
    if not forms:
        raise AssertionError(f"{url}: no form to post (action {action!r})")
    return forms[0]


def _read(form) -> tuple[dict[str, Any], dict[str, int | None], set[str], dict[str, str]]:
    """The form's values as the browser would send them, the text fields' maximum lengths, the
    names of the fields that take free text, and each select's first non-empty option."""
    data: dict[str, Any] = {}
    firsts: dict[str, str] = {}
    lengths: dict[str, int | None] = {}
    texts: set[str] = set()
    for element in form.xpath(".//input | .//textarea | .//select"):
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        tag = element.tag
        kind = (element.get("type") or "").lower()
        if tag == "textarea":
            data[name] = element.text or ""
            texts.add(name)
            lengths[name] = int(element.get("maxlength")) if element.get("maxlength") else None
        elif tag == "select":
            options = element.xpath(".//option")
            chosen = [o.get("value", o.text or "") for o in options if o.get("selected") is not None]
            if not chosen and options and element.get("multiple") is None:
                values = [o.get("value", o.text or "") for o in options]
                chosen = [next((v for v in values if v), values[0])]
            firsts[name] = next((o.get("value", o.text or "") for o in options if o.get("value", o.text or "")), "")
            if element.get("multiple") is not None:
                data[name] = chosen
            elif chosen:
                data[name] = chosen[0]
        elif kind in ("checkbox", "radio"):
            firsts.setdefault(name, element.get("value", "on"))
            if element.get("checked") is not None:
                if kind == "checkbox":
                    data.setdefault(name, []).append(element.get("value", "on"))
                else:
                    data[name] = element.get("value", "on")
        elif kind in ("submit", "button", "image", "reset", "file"):
            continue
        else:
            data[name] = element.get("value", "")
            if kind in TEXT_TYPES:
                texts.add(name)
                lengths[name] = int(element.get("maxlength")) if element.get("maxlength") else None
    return data, lengths, texts, firsts


def _invalid(page: str) -> set[str]:
    document = lxml.html.fromstring(page)
    return {e.get("name") for e in document.xpath("//*[@aria-invalid='true'][@name]")}


def post_form(
    client,
    url: str,
    *,
    action: str | re.Pattern[str] | None = None,
    values: dict[str, Any] | None = None,
    plain: tuple[str, ...] = (),
    files: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    ok: tuple[int, ...] = (302, 303),
) -> Submission:
    """Post the form of ``url`` (or the one posting to ``action``) with payloads in its text fields.

    ``values`` sets fields outright (a choice, a number, a date); ``plain`` names text fields kept
    without a payload from the start (a code the form checks); ``files`` adds uploads."""
    response = client.get(url, headers=headers or {})
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    form = _form(response.content.decode(), url, action)
    target = form.get("action") or url
    data, lengths, texts, firsts = _read(form)
    original = dict(data)
    payload_fields = sorted(texts - set(plain) - set(values or {}))
    for name in payload_fields:
        if form.xpath(f".//textarea[@name='{name}']"):
            data[name] = corpus.long(lengths.get(name))
        else:
            data[name] = corpus.short(lengths.get(name))
    for name in plain:
        if not data.get(name):
            data[name] = corpus.PLAIN
    data.update(values or {})
    reverted: set[str] = set()
    for _ in range(6):
        response = client.post(target, {**data, **(files or {})}, headers=headers or {})
        if response.status_code not in (200, 400):
            break
        invalid = _invalid(response.content.decode())
        choices = {name for name in invalid & set(firsts) if data.get(name) != firsts[name]}
        for name in choices:  # a required choice the page left empty
            data[name] = firsts[name]
            reverted.discard(name)
        invalid &= set(payload_fields) | reverted
        if not invalid and not choices:
            break
        for name in invalid:
            if name in payload_fields:  # first its page value, then a plain text
                payload_fields.remove(name)
                data[name] = original[name]
                reverted.add(name)
            else:
                data[name] = f"{corpus.PLAIN} {len(reverted)}"
        files = None if files is None else {k: _rewind(v) for k, v in files.items()}
    refused = _invalid(response.content.decode()) if response.status_code in (200, 400) else set()
    assert response.status_code in ok, f"POST {target}: {response.status_code} {refused}\n{_errors(response)}"
    assert payload_fields or files, f"POST {target}: no field kept a payload"
    return Submission(target, response.status_code, response.headers.get("Location", ""), payload_fields)


def _rewind(upload):
    if hasattr(upload, "seek"):
        upload.seek(0)
    return upload


def _errors(response) -> str:
    if response.status_code not in (200, 400):
        return ""
    document = lxml.html.fromstring(response.content.decode())
    return " | ".join(
        e.text_content().strip() for e in document.xpath("//*[contains(@class,'error')] | //*[@role='alert']")
    )[:800]


def injected(page: str) -> list[str]:
    """What of the corpus ``page`` carries as markup: elements with ``data-xss``, event handlers,
    ``javascript:`` addresses or htmx attributes calling ``__xss`` — each an escaping failure."""
    document = lxml.html.fromstring(page)
    found = [lxml.html.tostring(e, encoding="unicode")[:120] for e in document.xpath(f"//*[@{corpus.MARK}]")]
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            address = name in ("href", "src", "action", "formaction", "data", "xlink:href")
            if (address and value.strip().lower().startswith(("javascript:", "data:text/html"))) or (
                "__xss" in value and name.startswith(("on", "hx-", "style", "srcdoc"))
            ):
                found.append(f"<{element.tag} {name}={value[:80]!r}>")
    return found
