"""Every API route also answers with a format suffix (``….json``), the router's extra patterns:
the extra actions take the ``format`` keyword too, instead of a server error."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/monitoring/yok.json",
        "/api/v1/monitoring/yok/data/amaclar.json",
        "/api/v1/conversations/999999/next.json",
        "/api/v1/proposals/999999/comments.json",
    ],
)
def test_a_suffixed_address_answers_not_found_instead_of_failing(client, path):
    assert client.get(path).status_code == 404


def test_a_suffixed_ballot_answers_not_found_instead_of_failing(citizen):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(citizen)
    assert api.post("/api/v1/budget-rounds/999999/ballot.json", {"projects": []}, format="json").status_code == 404


def test_every_extra_action_takes_the_format_keyword():
    """The router adds a ``.json`` pattern to each extra action; one without ``format`` fails there."""
    import inspect

    from django.urls import get_resolver

    def callbacks(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from callbacks(pattern.url_patterns)
            else:
                yield pattern.callback

    actions = []
    for callback in callbacks(get_resolver().url_patterns):
        cls = getattr(callback, "cls", None)
        for method in (getattr(callback, "actions", None) or {}).values():
            function = getattr(cls, method, None)
            if getattr(function, "mapping", None) is not None:  # an @action
                actions.append((cls.__name__, method, "format" in inspect.signature(function).parameters))
    assert actions, "no extra action found: the check would prove nothing"
    assert [a for a in actions if not a[2]] == []
