"""The Content-Security-Policy is sent on pages, API answers and errors alike, in development too."""

import pytest
from django.http import HttpResponse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/api/v1/processes/", "/api/docs/", "/yok/"])
def test_every_answer_carries_the_policy(client, path):
    policy = client.get(path)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-eval" not in policy


def test_the_swagger_page_has_a_language_and_no_inline_script(client):
    html = client.get("/api/docs/").content.decode()
    assert '<html lang="tr">' in html
    assert "<script>" not in html
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")


def test_report_only_mode_uses_the_report_only_header(settings, client):
    from ortakakil.core.middleware import ContentSecurityPolicyMiddleware

    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = True
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse())
    response = middleware(None)
    assert "Content-Security-Policy" not in response
    assert response["Content-Security-Policy-Report-Only"].startswith("default-src 'self'")
