import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ortakakil.api.authentication import CachedTokenAuthentication
from ortakakil.core.models import Role

pytestmark = pytest.mark.django_db


def test_token_users_are_remembered_for_the_configured_time(make_user, process, settings, django_assert_num_queries):
    settings.API_TOKEN_CACHE_SECONDS = 30
    CachedTokenAuthentication.clear()
    token = Token.objects.create(user=make_user(Role.CITIZEN, username="hizli"))
    auth = CachedTokenAuthentication()
    user, _ = auth.authenticate_credentials(token.key)
    with django_assert_num_queries(0):
        again, _ = auth.authenticate_credentials(token.key)
    assert again == user
    CachedTokenAuthentication.clear()


def test_without_cache_a_deleted_token_is_refused_at_once(make_user, process, settings):
    settings.API_TOKEN_CACHE_SECONDS = 0
    token = Token.objects.create(user=make_user(Role.CITIZEN, username="silinen"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/proposals/").status_code == 200
    token.delete()
    response = client.get("/api/v1/proposals/")
    assert response.status_code == 401
    assert "detail" in response.json()
