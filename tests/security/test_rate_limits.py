"""Point 22: writes are limited per account and per address, in the API (429, Retry-After, a
Turkish JSON body) and on the pages (a message); the same text is not accepted twice."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ortakakil.core import ratelimit
from ortakakil.core.models import Role
from ortakakil.core.ratelimit import Rate, parse_rate
from ortakakil.proposals import services
from ortakakil.proposals.models import Comment, Proposal, Report, Support

pytestmark = pytest.mark.django_db

BODY = "Kızılay ile Sincan arasında gece seferi yok, artırılmalı."


NOW = 1_800_001_200.0  # 20 minutes into an hour: the windows below do not roll over during a test


@pytest.fixture
def limits(settings, monkeypatch):
    monkeypatch.setattr(ratelimit, "_clock", lambda: NOW)
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {
        "proposal_create": ("2/h", "3/h"),
        "comment_create": ("2/m", "100/m"),
        "support": ("2/m", "100/m"),
        "report": ("1/h", "100/h"),
    }
    cache.clear()
    yield settings.RATE_LIMITS
    cache.clear()


def _api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def _propose(client, process, n):
    return client.post(
        "/api/v1/proposals/",
        {"process": process.slug, "theme": "ULASIM", "title": f"Öneri numarası {n}", "body": f"{BODY} ({n})"},
        format="json",
    )


@pytest.fixture
def proposal(process, make_user):
    return services.proposal_create(
        actor=make_user(username="yazar"),
        process=process,
        theme=process.themes.get(code="ULASIM"),
        title="Gece otobüsü",
        body=BODY,
    )


@pytest.mark.parametrize(
    ("text", "rate"),
    [("10/h", Rate(10, 3600)), ("6/10m", Rate(6, 600)), ("60/minute", Rate(60, 60)), ("1 / 2d", Rate(1, 172800))],
)
def test_rates_are_read_as_written(text, rate):
    assert parse_rate(text) == rate


def test_the_default_limits_are_valid_rates():
    from django.conf import settings

    for user_rate, address_rate in settings.RATE_LIMITS.values():
        assert parse_rate(user_rate).count < parse_rate(address_rate).count


def test_api_proposals_over_the_limit_get_429_retry_after_and_turkish_json(limits, process, make_user):
    api = _api(make_user(Role.CITIZEN, username="hizli"))
    assert [_propose(api, process, n).status_code for n in range(2)] == [201, 201]
    refused = _propose(api, process, 3)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "2400"  # the rest of the hour's window
    assert refused.json() == {"detail": "Bu işlemi çok sık yapıyorsunuz. Lütfen 40 dakika sonra yeniden deneyin."}
    assert Proposal.objects.count() == 2


def test_api_limits_per_address_across_accounts(limits, process, make_user):
    first, second = (_api(make_user(Role.CITIZEN, username=f"k{n}")) for n in range(2))
    assert [_propose(first, process, n).status_code for n in range(2)] == [201, 201]
    assert _propose(second, process, 3).status_code == 201
    assert _propose(second, process, 4).status_code == 429  # the address's 3/h, not the account's 2/h
    assert Proposal.objects.count() == 3


def test_api_comments_and_supports_are_limited_but_reads_are_not(limits, proposal, make_user):
    api = _api(make_user(Role.CITIZEN, username="yorumcu"))
    url = f"/api/v1/proposals/{proposal.pk}/comments/"
    codes = [api.post(url, {"body": f"Katılıyorum {n}"}, format="json").status_code for n in range(3)]
    assert codes == [201, 201, 429]
    assert Comment.objects.count() == 2
    support = f"/api/v1/proposals/{proposal.pk}/support/"
    assert [api.post(support).status_code, api.delete(support).status_code, api.post(support).status_code] == [
        201,
        200,
        429,
    ]
    assert not Support.objects.exists()
    assert {api.get(url).status_code for _ in range(10)} == {200}


def test_web_comment_over_the_limit_gets_a_message(limits, client, proposal, citizen):
    client.force_login(citizen)
    url = reverse("proposal_comment", kwargs={"slug": proposal.process.slug, "pk": proposal.pk})
    for n in range(2):
        client.post(url, {"body": f"Katılıyorum {n}", "stance": "neutral"})
    response = client.post(url, {"body": "Katılıyorum 3", "stance": "neutral"})
    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages][-1].startswith("Bu işlemi çok sık yapıyorsunuz.")
    assert Comment.objects.count() == 2


def test_web_proposal_form_over_the_limit_is_a_429_with_the_message(limits, client, process, citizen):
    client.force_login(citizen)
    url = reverse("proposal_create", kwargs={"slug": process.slug})
    theme = process.themes.get(code="ULASIM").pk
    for n in range(2):
        assert (
            client.post(url, {"theme": theme, "title": f"Öneri {n} başlığı", "body": f"{BODY} {n}"}).status_code == 302
        )
    response = client.post(url, {"theme": theme, "title": "Öneri 3 başlığı", "body": f"{BODY} 3"})
    assert response.status_code == 429
    assert "Bu işlemi çok sık yapıyorsunuz." in response.content.decode()
    assert Proposal.objects.count() == 2


def test_web_support_over_the_limit_with_htmx_is_a_429_fragment(limits, client, proposal, citizen):
    client.force_login(citizen)
    url = reverse("proposal_support", kwargs={"slug": proposal.process.slug, "pk": proposal.pk})
    client.post(url, HTTP_HX_REQUEST="true")
    client.post(url, {"action": "withdraw"}, HTTP_HX_REQUEST="true")
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 429
    assert "Bu işlemi çok sık yapıyorsunuz." in response.content.decode()
    assert not Support.objects.exists()


def test_web_report_over_the_limit_gets_a_message(limits, client, proposal, citizen, make_user):
    comment = services.comment_create(actor=make_user(username="yorumlayan"), proposal=proposal, body="Yorum metni")
    client.force_login(citizen)
    url = reverse("proposal_report", kwargs={"slug": proposal.process.slug, "pk": proposal.pk})
    client.post(url, {"reason": "Hakaret var"})
    response = client.post(url, {"reason": "Hakaret var", "comment": comment.pk})
    assert [str(m) for m in response.wsgi_request._messages][-1].startswith("Bu işlemi çok sık yapıyorsunuz.")
    assert Report.objects.count() == 1


def test_the_same_proposal_text_again_is_refused_in_any_case_and_spacing(process, make_user):
    api = _api(make_user(Role.CITIZEN, username="tekrar"))
    body = {
        "process": process.slug,
        "theme": "ULASIM",
        "title": "Gece otobüsü",
        "body": "Gece OTOBÜSÜ  konulsun, IŞIK da.",
    }
    assert api.post("/api/v1/proposals/", body, format="json").status_code == 201
    again = body | {"title": "Başka başlık", "body": "gece otobüsü konulsun,\u200b ışık da. "}
    response = api.post("/api/v1/proposals/", again, format="json")
    assert response.status_code == 400
    assert response.json() == {"body": ["Bu öneriyi zaten gönderdiniz."]}
    assert Proposal.objects.count() == 1


def test_the_same_comment_again_is_refused_but_another_author_may_say_it(proposal, make_user):
    from django.core.exceptions import ValidationError

    first, second = make_user(username="a1"), make_user(username="a2")
    services.comment_create(actor=first, proposal=proposal, body="Katılıyorum.")
    with pytest.raises(ValidationError) as refused:
        services.comment_create(actor=first, proposal=proposal, body="KATILIYORUM.")
    assert refused.value.message_dict == {"body": ["Bu yorumu bu öneriye zaten yazdınız."]}
    services.comment_create(actor=second, proposal=proposal, body="Katılıyorum.")
    assert Comment.objects.count() == 2


def test_a_repeat_after_the_window_is_accepted(proposal, make_user, settings):
    settings.PROPOSAL_DUPLICATE_MINUTES = 0
    author = make_user(username="a3")
    services.comment_create(actor=author, proposal=proposal, body="Katılıyorum.")
    services.comment_create(actor=author, proposal=proposal, body="Katılıyorum.")
    assert Comment.objects.count() == 2


@pytest.fixture
def redis_counters(settings, limits):
    """The counters in Redis, as in production (one pipelined round trip per write)."""
    import os

    base = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/6").rsplit("/", 1)[0]
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"{base}/8"},
    }
    from django.core.cache import caches

    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def test_on_redis_the_account_and_the_address_are_counted_in_one_round_trip(redis_counters, proposal, make_user):
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(redis_counters, RedisCache)
    client = redis_counters._cache.get_client(write=True)
    before = client.info("stats")["total_commands_processed"]
    api = _api(make_user(Role.CITIZEN, username="destekci"))
    support = f"/api/v1/proposals/{proposal.pk}/support/"
    response = api.post(support)
    assert response.status_code == 201
    # INCR and EXPIRE NX for the account and the address: 4 commands (the cache API had used 6 round trips)
    assert client.info("stats")["total_commands_processed"] - before <= 5  # the INFO itself counts once
    keys = [key.decode() for key in client.keys("*ratelimit:support:*")]
    assert len(keys) == 2 and {int(client.get(key)) for key in keys} == {1}
    assert all(0 < client.ttl(key) <= 61 for key in keys)
    assert [api.delete(support).status_code, api.post(support).status_code] == [200, 429]
    assert response.status_code == 201 and int(api.post(support)["Retry-After"]) >= 1
    assert not Support.objects.exists()
