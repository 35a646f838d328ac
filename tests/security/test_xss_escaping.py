"""The XSS corpus, submitted through every form that stores people's text, comes back escaped on
every page that shows it (rendered by Django's test client; ``tests/browser/test_xss_corpus.py``
opens the same pages in Chromium)."""

from __future__ import annotations

from django.test import Client

from .xss_forms import injected
from .xss_payloads import shows_payload
from .xss_submissions import _client, submit_corpus


def test_every_submitted_payload_is_shown_escaped(ankara_demo):
    found = submit_corpus()

    assert len(found.submissions) >= 25
    failures: dict[str, list[str]] = {}
    silent: list[str] = []
    for user, urls in found.pages.items():
        client = Client() if user is None else _client(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, f"{user} GET {url}: {response.status_code}"
            page = response.content.decode()
            if not shows_payload(page):
                silent.append(f"{user} {url}")
            if bad := injected(page):
                failures[f"{user} {url}"] = bad
    assert silent == [], "these pages should show a stored payload"
    assert failures == {}


def _document(client, url, capture) -> bytes:
    """The file behind a download address (a «preparing» answer is asked again once its job ran)."""
    with capture(execute=True):
        response = client.get(url)
    if response.status_code == 202:
        with capture(execute=True):
            response = client.get(url)
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_payloads_are_plain_text_in_the_workshop_reports_pdf_and_docx(
    ankara_demo, django_capture_on_commit_callbacks, tmp_path
):
    """The table's ideas and summary, holding the corpus, reach the PDF and DOCX reports as text:
    the PDF has no JavaScript (``pdfinfo -js``) and no javascript:/data: link (``pdftohtml``), the
    DOCX no such hyperlink, and the payloads' text is there to read."""
    import io
    import re
    import shutil
    import subprocess
    import zipfile

    import pytest
    from django.urls import reverse

    submit_corpus()
    client = Client()
    args = ["ankara-2020-2024", "stratejik-plan-calistayi"]
    for name, extra in (("workshop_report_download", []), ("table_report_download", ["ANK07ULA"])):
        pdf = _document(client, reverse(name, args=[*args, *extra, "pdf"]), django_capture_on_commit_callbacks)
        assert pdf.startswith(b"%PDF-")
        if shutil.which("pdftotext") is None:
            pytest.skip("poppler-utils (pdftotext, pdfinfo, pdftohtml) is not installed")
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", path, "-"], capture_output=True, check=True).stdout.decode()
        assert "__xss" in text or "data-xss" in text, f"{name} PDF does not show the stored payloads"
        scripts = subprocess.run(["pdfinfo", "-js", path], capture_output=True, check=True).stdout.decode()
        assert "__xss" not in scripts and "alert" not in scripts, f"{name} PDF runs JavaScript: {scripts}"
        layout = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", path], capture_output=True, check=True)
        links = re.findall(r'href="([^"]*)"', layout.stdout.decode(errors="replace"))
        assert not [link for link in links if link.lower().startswith(("javascript:", "data:"))], links

        docx = _document(client, reverse(name, args=[*args, *extra, "docx"]), django_capture_on_commit_callbacks)
        with zipfile.ZipFile(io.BytesIO(docx)) as archive:
            body = archive.read("word/document.xml").decode()
            relations = "\n".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".rels"))
        assert "data-xss" in body, f"{name} DOCX does not show the stored payloads"
        assert "<script" not in body and "javascript:" not in relations.lower()
