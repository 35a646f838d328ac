"""Voting on an opinion map in a real browser: at 390 px a signed-in citizen votes on three
statements and says whom they speak for; a checked-in workshop participant votes by the table
code without an account. Axe finds nothing serious; no sideways scroll at 390 and 1366 px."""

import re

import pytest

from ortakakil.opinions.models import Participant, Vote
from tests.opinions.voting_fixtures import *  # noqa: F403
from tests.opinions.voting_fixtures import checked_in

from .conftest import serious_violations

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _login(page, base, user):
    """Sign in as ``user`` (a session made by Django's test client, handed to the browser)."""
    from urllib.parse import urlparse

    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "domain": urlparse(base).hostname, "path": "/"}]
    )


@pytest.mark.django_db(transaction=True)
def test_a_citizen_votes_on_a_phone_and_chooses_a_type(browser, live_server, conversation, citizen):
    url = f"{live_server.url}/processes/{conversation.process.slug}/conversations/{conversation.pk}/vote/"
    context = browser.new_context(locale="tr-TR", **PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(url)
    page.get_by_role("link", name="Oy vermek için giriş yapın").wait_for()
    _login(page, live_server.url, citizen)
    page.goto(url)
    page.get_by_text("4 görüşün 0 tanesini oyladınız.").wait_for()
    assert serious_violations(page) == []
    assert _no_sideways_scroll(page)
    for n, name in enumerate(["Katılıyorum", "Katılmıyorum", "Emin değilim / Geç"], start=1):
        page.get_by_role("button", name=name, exact=True).click()
        page.get_by_text(f"4 görüşün {n} tanesini oyladınız.").wait_for()
    assert sorted(Vote.objects.filter(participant__user=citizen).values_list("value", flat=True)) == [-1, 0, 1]
    assert _no_sideways_scroll(page)

    page.get_by_label("Adına konuştuğum").select_option("dernek")
    page.get_by_role("button", name="Kaydet", exact=True).click()
    page.get_by_text("Kaydedildi. Teşekkürler.").wait_for()
    assert Participant.objects.get(user=citizen).stakeholder_type == "dernek"
    assert serious_violations(page) == []
    context.close()

    wide = browser.new_context(locale="tr-TR", **DESKTOP)
    desktop = wide.new_page()
    _login(desktop, live_server.url, citizen)
    desktop.goto(url)
    desktop.get_by_text("4 görüşün 3 tanesini oyladınız.").wait_for()
    assert serious_violations(desktop) == []
    assert _no_sideways_scroll(desktop)
    wide.close()


@pytest.mark.django_db(transaction=True)
def test_a_workshop_participant_votes_by_the_table_code(browser, live_server, workshop_conversation, strategist):
    invitation = checked_in(strategist, workshop_conversation.workshop, name="Ankara Barosu", kind="meslek_odasi")
    context = browser.new_context(locale="tr-TR", **PHONE)
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    phone.goto(f"{live_server.url}/davet/{invitation.token}/")
    phone.get_by_role("button", name=re.compile("Bu telefondan .*katıl")).click()
    phone.get_by_label("Masa kodu").fill("uls1")
    phone.get_by_role("button", name="Katıl", exact=True).click()
    phone.wait_for_url(re.compile(r".*/t/ULS1/$"))
    phone.get_by_role("link", name=re.compile("Görüşleri oylayın")).click()
    phone.get_by_text("3 görüşün 0 tanesini oyladınız.").wait_for()
    assert serious_violations(phone) == []
    assert _no_sideways_scroll(phone)
    phone.get_by_role("button", name="Katılıyorum", exact=True).click()
    phone.get_by_text("3 görüşün 1 tanesini oyladınız.").wait_for()
    vote = Vote.objects.select_related("participant").get()
    assert vote.participant.invitation_id == invitation.pk and vote.participant.user_id is None
    assert vote.participant.stakeholder_type == "meslek_odasi"
    context.close()
