"""The OpenAPI schema is the API's contract: every route under /api/v1/ is in it with its methods,
and what the API answers matches it (schemathesis, on a small seeded database and budget)."""

import datetime as dt
import json
import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from hypothesis import HealthCheck, Phase, seed, settings
from rest_framework.authtoken.models import Token

from ortakakil.core.models import Role
from ortakakil.proposals import services
from ortakakil.wsgi import application

pytestmark = pytest.mark.django_db

FUTURE = dt.date(2030, 10, 19)


def _routes(patterns, prefix=""):
    """(path, view) of every URL pattern, with converters written as {name}."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.callback


def _shape(path: str) -> str:
    """A path with its parameters unnamed: the router says {pk} where the schema says {id}."""
    return re.sub(r"\{\w+\}", "{}", path)


def _openapi_path(route: str) -> str:
    route = route.replace("^", "").replace("$", "")
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)  # regex groups (the router's)
    route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)  # path converters
    return _shape("/" + route.replace("\\.", ".").replace("\\", ""))


def _router_operations() -> set[tuple[str, str]]:
    operations = set()
    for route, callback in _routes(get_resolver().url_patterns):
        path = _openapi_path(route)
        actions = getattr(callback, "actions", None)
        if not path.startswith("/api/v1/") or "<format>" in route or actions is None:
            continue  # the API root and the format-suffix routes are not operations of the contract
        # DRF answers HEAD like GET (and adds "head" to the actions on the first request).
        operations |= {(path, method.upper()) for method in actions if method not in {"head", "options"}}
    return operations


def test_every_route_under_api_v1_is_documented_with_its_methods(client):
    schema = client.get("/api/schema/?format=json").json()
    documented = {(_shape(path), method.upper()) for path, ops in schema["paths"].items() for method in ops}
    routed = _router_operations()
    assert routed, "no route found under /api/v1/: the comparison would prove nothing"
    assert routed - documented == set()
    assert documented - routed == set()


def test_the_completeness_check_notices_an_undocumented_route(client, monkeypatch):
    from drf_spectacular.generators import SchemaGenerator

    original = SchemaGenerator.get_schema

    def without_support(self, *args, **kwargs):
        schema = original(self, *args, **kwargs)
        del schema["paths"]["/api/v1/proposals/{id}/support/"]["delete"]
        return schema

    monkeypatch.setattr(SchemaGenerator, "get_schema", without_support)
    with pytest.raises(AssertionError):
        test_every_route_under_api_v1_is_documented_with_its_methods(client)


def test_openapi_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert (tmp_path / "schema.yml").read_text().count("/api/v1/") >= 8


@pytest.fixture
def seeded(process, make_user):
    """A process with two themes, a few proposals (one merged, one answered), comments, workshop
    ideas, and a citizen with a token so that writes are exercised too."""
    citizen = make_user(Role.CITIZEN, username="schemathesis")
    theme = process.themes.get(code="ULASIM")
    proposals = [
        services.proposal_create(
            actor=make_user(username=f"yazar{n}"),
            process=process,
            theme=theme,
            title=f"Gece otobüsü {n}",
            body=f"Sincan hattına gece seferi konulsun ({n}).",
        )
        for n in range(3)
    ]
    strategist = make_user(Role.STRATEGY_TEAM, username="strateji")
    services.proposal_merge(actor=strategist, originals=proposals[:2], title="Gece seferleri", body="Gece seferleri.")
    services.comment_create(actor=citizen, proposal=proposals[2], body="Katılıyorum.")
    # An opinion-map conversation open for votes, with accepted and rejected statements.
    from ortakakil.opinions.models import Conversation, Statement

    phase = process.current_phase
    phase.switches = [*phase.switches, "opinions"]
    phase.save()
    conversation = Conversation.objects.create(process=process, theme=theme, title="Ulaşım görüşleri")
    for n, status in enumerate(["kabul", "kabul", "ret", "beklemede"]):
        Statement.objects.create(conversation=conversation, text=f"Görüş {n}", status=status)
    # A workshop table with ideas on the record, one withdrawn and one merged away.
    from ortakakil.workshops.models import Idea, Workshop, WorkshopTable

    workshop = Workshop.objects.create(process=process, slug="calistay", title="Çalıştay", venue="Salon", date=FUTURE)
    table = WorkshopTable.objects.create(workshop=workshop, theme=theme, code="ULS1")
    kept = Idea.objects.create(table=table, text="Gece otobüsü", votes_count=3)
    Idea.objects.create(table=table, text="Gece seferi", merged_into=kept)
    Idea.objects.create(table=table, text="Yanlış fikir", kind="sorun", withdrawn_at=timezone.now())
    # The cases call the WSGI application itself, which closes the database connection after
    # each request; the test client does not, and neither may this test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield Token.objects.create(user=citizen).key
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _load_schema():
    """The schema as /api/schema/ serves it, generated without a request (collection has no
    database); the cases then run against the WSGI application and the seeded database."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    document = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = application
    return loaded


schema = _load_schema()


@schemathesis.check
def a_client_error_has_a_json_body(ctx, response, case):
    """Every 4xx answer says what was wrong as a JSON object (issue 15: API fuzzing)."""
    if 400 <= response.status_code < 500:
        content_type = response.headers.get("content-type", [""])[0]  # schemathesis lowers the names
        assert content_type.startswith("application/json"), (
            f"{case.method} {case.formatted_path}: {response.status_code} answered as {content_type!r}"
        )
        body = json.loads(response.content)
        assert isinstance(body, dict) and body, f"{case.method} {case.formatted_path}: empty error body {body!r}"


CHECKS = [
    a_client_error_has_a_json_body,
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
]


@schema.parametrize()
@seed(20241128)
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_its_schema_says(case, seeded):
    case.call_and_validate(headers={"Authorization": f"Token {seeded}"}, checks=CHECKS)


@schema.parametrize()
@seed(20261129)
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_strangers_as_its_schema_says(case, seeded):
    """The same without a token: reads as the public sees them, writes refused with a JSON body."""
    case.call_and_validate(checks=CHECKS)


def test_the_json_error_check_fails_on_an_html_error():
    """The check above is not toothless: a 404 page in HTML fails it."""

    class Response:
        status_code = 404
        headers = {"content-type": ["text/html; charset=utf-8"]}
        content = b"<h1>Not found</h1>"

    class Case:
        method = "GET"
        formatted_path = "/api/v1/proposals/1/"

    with pytest.raises(AssertionError):
        a_client_error_has_a_json_body(None, Response(), Case())
