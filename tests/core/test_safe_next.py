import pytest
from django.test import RequestFactory

from ortakakil.core.backoffice import safe_next


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/x", "//evil.example/", "javascript:alert(1)", "\\\\evil.example", "http:///evil.example"],
)
def test_foreign_or_script_addresses_fall_back(target):
    request = RequestFactory().post("/", {"next": target})
    assert safe_next(request, "/geri/") == "/geri/"


def test_a_path_on_this_site_is_kept():
    request = RequestFactory().post("/", {"next": "/manage/processes/p/#programme"})
    assert safe_next(request, "/geri/") == "/manage/processes/p/#programme"
