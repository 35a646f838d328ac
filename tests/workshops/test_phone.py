"""Phones write for a checked-in participant while the workshop is running (issue 8, point 20).

Anonymous participants once added ideas to a workshop of 2019 and moved an idea from 5 to 20
dots with fresh cookies. Now a phone joins as a participant through the personal invitation
link after check-in; dots count per invitation; the idea rate limit follows the participant
and the network address, not the cookie.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from ortakakil.core import ratelimit
from ortakakil.core.models import Role
from ortakakil.core.ratelimit import Rate, parse_rate
from ortakakil.workshops import event, live
from ortakakil.workshops.models import DotVote, Idea, Workshop

from .conftest import checked_in, invite, join_by_phone, stakeholder

pytestmark = pytest.mark.django_db

PHONE = "/t/ULS1/"


@pytest.fixture
def idea(workshop):
    table = workshop.tables.get(code="ULS1")
    return Idea.objects.create(table=table, kind="oneri", text="Gece otobüsleri", votes_count=5)


def test_ideas_are_refused_after_the_workshop_day(client, strategist, running):
    participant = checked_in(strategist, running)
    join_by_phone(client, participant)  # on the day
    running.date = timezone.localdate() - dt.timedelta(days=1)
    running.save()
    response = client.post(PHONE + "ideas/", {"kind": "oneri", "text": "Geç kalan fikir"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "Çalıştay şu an sürmüyor" in response.content.decode()
    with pytest.raises(ValidationError):
        live.idea_add(table=running.tables.get(code="ULS1"), text="Geç kalan fikir", participant=participant)
    assert not Idea.objects.exists()


def test_the_phone_page_of_a_past_workshop_says_it_is_over(client, workshop):
    workshop.date = dt.date(2019, 10, 19)
    workshop.save()
    html = client.get(PHONE).content.decode()
    assert "Çalıştay sona erdi" in html
    assert 'name="text"' not in html and "Nokta koy" not in html


def test_ideas_need_a_participant_who_joined_by_the_personal_link(client, running):
    response = client.post(PHONE + "ideas/", {"kind": "oneri", "text": "Çerezle fikir"}, follow=True)
    assert "Önce kişisel davet bağlantınızı bu telefonda açın" in response.content.decode()
    assert not Idea.objects.exists()


def test_a_joined_participant_adds_ideas_and_dots(client, strategist, running, idea):
    participant = checked_in(strategist, running)
    assert join_by_phone(client, participant).status_code == 302
    client.post(PHONE + "ideas/", {"kind": "sorun", "text": "Duraklar erişilebilir değil"})
    added = Idea.objects.get(text="Duraklar erişilebilir değil")
    assert (added.kind, added.participant) == ("sorun", participant)
    client.post(PHONE + f"ideas/{idea.pk}/vote/")
    idea.refresh_from_db()
    assert idea.votes_count == 6
    assert list(DotVote.objects.values_list("participant", flat=True)) == [participant.pk]


def test_dots_are_refused_without_a_bound_invitation(client, running, idea):
    client.get(PHONE)
    response = client.post(PHONE + f"ideas/{idea.pk}/vote/", HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "Önce kişisel davet bağlantınızı bu telefonda açın" in response.content.decode()
    idea.refresh_from_db()
    assert idea.votes_count == 5
    assert not DotVote.objects.exists()
    with pytest.raises(PermissionDenied):
        live.dot_vote(idea=idea, participant=None)


def test_five_fresh_cookies_cannot_add_a_single_dot(running, idea):
    for _ in range(5):
        phone = Client()
        phone.get(PHONE)
        phone.post(PHONE + f"ideas/{idea.pk}/vote/")
    idea.refresh_from_db()
    assert idea.votes_count == 5
    assert not DotVote.objects.exists()


def test_a_forged_cookie_is_not_a_participant(client, strategist, running, idea):
    participant = checked_in(strategist, running)
    client.cookies["oa_participant"] = participant.token  # unsigned: made up by hand
    client.post(PHONE + f"ideas/{idea.pk}/vote/")
    assert not DotVote.objects.exists()


def test_the_dot_budget_is_the_participants_on_every_phone(strategist, running, idea):
    running.dots_per_participant = 2
    running.save()
    participant = checked_in(strategist, running)
    phones = [Client(), Client(), Client()]
    for phone in phones:
        join_by_phone(phone, participant)
        phone.post(PHONE + f"ideas/{idea.pk}/vote/")
    idea.refresh_from_db()
    assert idea.votes_count == 7
    assert DotVote.objects.filter(participant=participant).count() == 2


def test_the_rate_limit_holds_across_fresh_cookies(settings, strategist, running):
    settings.WORKSHOP_PHONE_IDEAS_PER_MINUTE = 2
    participant = checked_in(strategist, running)
    first = Client()
    join_by_phone(first, participant)
    for text in ("Bir", "İki"):
        first.post(PHONE + "ideas/", {"kind": "oneri", "text": text + " fikir"})
    fresh = Client()
    join_by_phone(fresh, participant)
    response = fresh.post(PHONE + "ideas/", {"kind": "oneri", "text": "Üç fikir"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "Bir dakikada çok fazla fikir gönderdiniz" in response.content.decode()
    anonymous = Client()
    anonymous.get(PHONE)
    anonymous.post(PHONE + "ideas/", {"kind": "oneri", "text": "Dört fikir"})
    assert sorted(Idea.objects.values_list("text", flat=True)) == ["Bir fikir", "İki fikir"]


@pytest.fixture
def limits_on(settings, monkeypatch):
    """The write limits of core/ratelimit.py switched on, at a fixed moment (no window rolls over)."""
    monkeypatch.setattr(ratelimit, "_clock", lambda: 1_800_000_010.0)
    settings.RATE_LIMITS_ENABLED = True
    cache.clear()
    yield settings
    cache.clear()


def _ideas_from(strategist, workshop, addresses):
    """One checked-in participant per address posts an idea; the answers' status codes."""
    statuses = []
    for number, address in enumerate(addresses):
        person = checked_in(strategist, workshop, f"Kurum {number}")
        phone = Client(REMOTE_ADDR=address)
        join_by_phone(phone, person)
        response = phone.post(PHONE + "ideas/", {"kind": "oneri", "text": f"Fikir {number}"}, HTTP_HX_REQUEST="true")
        statuses.append(response.status_code)
    return statuses


def test_the_rate_limit_also_counts_the_network_address_at_the_table(limits_on, strategist, running):
    limits_on.WORKSHOP_PHONE_IDEAS_PER_MINUTE_PER_ADDRESS = 3
    assert _ideas_from(strategist, running, ["203.0.113.7"] * 4) == [200, 200, 200, 400]
    other = Client(REMOTE_ADDR="198.51.100.9")
    join_by_phone(other, Idea.objects.first().participant)
    assert other.post(PHONE + "ideas/", {"kind": "oneri", "text": "Başka ağdan"}).status_code == 302
    assert Idea.objects.count() == 4


def test_the_address_limit_is_the_shared_rate_limiters_phone_idea_scope(limits_on, strategist, running):
    assert [parse_rate(rate) for rate in ratelimit.rates_of("phone_idea")] == [Rate(30, 60), Rate(30, 60)]
    limits_on.RATE_LIMITS = {**limits_on.RATE_LIMITS, "phone_idea": ("2/m", "2/m")}
    person = checked_in(strategist, running, "Kurum 9")
    phone = Client(REMOTE_ADDR="203.0.113.7")
    join_by_phone(phone, person)
    for text in ("Bir fikir", "İki fikir"):
        assert phone.post(PHONE + "ideas/", {"kind": "oneri", "text": text}).status_code == 302
    refused = phone.post(PHONE + "ideas/", {"kind": "oneri", "text": "Üç fikir"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 400
    assert "Bu işlemi çok sık yapıyorsunuz. Lütfen 50 saniye sonra yeniden deneyin." in refused.content.decode()
    assert sorted(Idea.objects.values_list("text", flat=True)) == ["Bir fikir", "İki fikir"]


def test_the_address_limit_reads_the_client_address_behind_a_proxy(limits_on, strategist, running):
    """Behind a reverse proxy every request comes from the proxy: the header it sets decides."""
    limits_on.WORKSHOP_PHONE_IDEAS_PER_MINUTE_PER_ADDRESS = 2
    limits_on.RATE_LIMIT_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    proxy = "10.0.0.1"
    people = [checked_in(strategist, running, f"Kurum {n}") for n in range(3)]
    statuses = []
    for number, (person, real) in enumerate(zip(people, ["203.0.113.7", "198.51.100.9", "192.0.2.4"], strict=True)):
        phone = Client(REMOTE_ADDR=proxy, HTTP_X_REAL_IP=real)
        join_by_phone(phone, person)
        response = phone.post(PHONE + "ideas/", {"kind": "oneri", "text": f"Fikir {number}"}, HTTP_HX_REQUEST="true")
        statuses.append(response.status_code)
    assert statuses == [200, 200, 200]
    same = Client(REMOTE_ADDR=proxy, HTTP_X_REAL_IP="203.0.113.7")
    join_by_phone(same, people[1])
    assert same.post(PHONE + "ideas/", {"kind": "oneri", "text": "İkinci"}).status_code == 302
    third = same.post(PHONE + "ideas/", {"kind": "oneri", "text": "Üçüncü"}, HTTP_HX_REQUEST="true")
    assert third.status_code == 400
    assert Idea.objects.count() == 4


def test_the_address_limit_counts_each_table_apart(limits_on, strategist, running):
    limits_on.WORKSHOP_PHONE_IDEAS_PER_MINUTE_PER_ADDRESS = 1
    person = checked_in(strategist, running)
    phone = Client(REMOTE_ADDR="203.0.113.7")
    join_by_phone(phone, person)
    assert phone.post(PHONE + "ideas/", {"kind": "oneri", "text": "Ulaşım fikri"}).status_code == 302
    join_by_phone(phone, person)
    assert phone.post("/t/AFT1/ideas/", {"kind": "oneri", "text": "Afet fikri"}).status_code == 302
    assert Idea.objects.count() == 2


def test_joining_by_phone_needs_check_in(client, strategist, running):
    (invitation,) = invite(strategist, running, stakeholder(running.process.organisation, "Gelmeyen Kurum"))
    response = join_by_phone(client, invitation)
    assert response.status_code == 302 and response.url == f"/davet/{invitation.token}/"
    assert "oa_participant" not in response.cookies
    page = client.get(response.url).content.decode()
    assert "çalıştay günü, girişte kaydınız yapıldıktan sonra" in page


def test_a_participant_of_another_workshop_cannot_write_here(client, strategist, running, idea):
    other = Workshop.objects.create(
        process=running.process, slug="baska", title="Başka", venue="Salon", date=timezone.localdate()
    )
    outsider = checked_in(strategist, other, "Başka Kurum")
    join_by_phone(client, outsider)
    client.post(PHONE + f"ideas/{idea.pk}/vote/")
    client.post(PHONE + "ideas/", {"kind": "oneri", "text": "Yabancı fikir"})
    assert not DotVote.objects.exists() and Idea.objects.count() == 1


def test_the_personal_link_offers_joining_from_the_phone_after_check_in(client, strategist, running):
    participant = checked_in(strategist, running)
    html = client.get(f"/davet/{participant.token}/").content.decode()
    assert f'action="/davet/{participant.token}/telefon/"' in html
    response = join_by_phone(client, participant)
    assert response.url == "/t/"  # no table assigned yet: the table code is asked for


def test_the_phone_cookie_is_signed_http_only_and_secure_in_production(client, settings, strategist, running):
    settings.SESSION_COOKIE_SECURE = True
    participant = checked_in(strategist, running)
    cookie = join_by_phone(client, participant).cookies["oa_participant"]
    assert cookie["secure"] is True and cookie["httponly"] is True and cookie["samesite"] == "Lax"
    assert cookie.value != participant.token  # signed


def test_the_cookie_is_not_secure_in_development(client, settings, strategist, running):
    settings.SESSION_COOKIE_SECURE = False
    cookie = join_by_phone(client, checked_in(strategist, running)).cookies["oa_participant"]
    assert cookie["secure"] == ""


class TestOpeningThePhones:
    def test_staff_open_a_past_workshop_for_some_hours_and_it_is_logged(self, strategist, workshop):
        workshop.date = dt.date(2019, 10, 19)
        workshop.save()
        assert not workshop.takes_phones()
        event.workshop_phones_open(actor=strategist, workshop=workshop, hours=2)
        workshop.refresh_from_db()
        assert workshop.takes_phones()
        assert not workshop.takes_phones(timezone.now() + dt.timedelta(hours=2, minutes=1))
        assert workshop.history.first().history_user == strategist
        event.workshop_phones_close(actor=strategist, workshop=workshop)
        workshop.refresh_from_db()
        assert (workshop.phones_open_until, workshop.takes_phones()) == (None, False)

    def test_facilitators_and_citizens_cannot_open_them(self, make_user, citizen, workshop):
        for actor in (make_user(Role.FACILITATOR, username="kapi"), citizen):
            with pytest.raises(PermissionDenied):
                event.workshop_phones_open(actor=actor, workshop=workshop, hours=2)
        workshop.refresh_from_db()
        assert workshop.phones_open_until is None

    @pytest.mark.parametrize("hours", [0, 25])
    def test_a_day_at_most(self, strategist, workshop, hours):
        with pytest.raises(ValidationError):
            event.workshop_phones_open(actor=strategist, workshop=workshop, hours=hours)
        workshop.refresh_from_db()
        assert workshop.phones_open_until is None

    def test_from_the_overview_page(self, client, strategist, workshop):
        client.force_login(strategist)
        url = f"/manage/processes/{workshop.process.slug}/workshops/{workshop.slug}/"
        assert 'name="hours"' in client.get(url).content.decode()
        assert client.post(url + "phones/", {"hours": "4"}).status_code == 302
        workshop.refresh_from_db()
        assert workshop.takes_phones()
        assert "Telefonları şimdi kapat" in client.get(url).content.decode()
        client.post(url + "phones/", {"close": "1"})
        workshop.refresh_from_db()
        assert workshop.phones_open_until is None


class TestTheWorkshopsHours:
    """``Workshop.takes_phones`` on the workshop's date, with its hours in Europe/Istanbul."""

    @pytest.fixture
    def day(self, workshop):
        workshop.date, workshop.starts_at, workshop.ends_at = dt.date(2025, 3, 8), dt.time(10), dt.time(17)
        return workshop

    @staticmethod
    def at(hour, minute=0, day=8):
        return timezone.make_aware(dt.datetime(2025, 3, day, hour, minute), timezone.get_default_timezone())

    @pytest.mark.parametrize(
        ("hour", "minute", "expected"),
        [(9, 29, False), (9, 30, True), (13, 0, True), (17, 29, True), (17, 30, False), (23, 0, False)],
    )
    def test_from_half_an_hour_before_to_half_an_hour_after(self, day, hour, minute, expected):
        assert day.takes_phones(self.at(hour, minute)) is expected

    def test_the_day_before_and_after(self, day):
        assert not day.takes_phones(self.at(13, day=7)) and not day.takes_phones(self.at(13, day=9))

    def test_istanbul_time_not_utc(self, day):
        # 07:00 UTC is 10:00 in Istanbul.
        assert day.takes_phones(dt.datetime(2025, 3, 8, 7, 0, tzinfo=dt.UTC))
        assert not day.takes_phones(dt.datetime(2025, 3, 8, 15, 0, tzinfo=dt.UTC))

    def test_grace_comes_from_the_setting(self, settings, day):
        settings.WORKSHOP_PHONE_GRACE_MINUTES = 0
        assert not day.takes_phones(self.at(9, 45)) and day.takes_phones(self.at(10))

    def test_without_hours_the_whole_day(self, day):
        day.starts_at = day.ends_at = None
        assert day.takes_phones(self.at(0)) and day.takes_phones(self.at(23, 59))
        assert not day.takes_phones(self.at(0, day=9))


def test_a_phone_idea_says_it_was_added(client, workshop, make_user):
    """After "Fikrimi ekle" the phone says so (the htmx list and the page without JavaScript)."""
    import datetime as dt

    from django.utils import timezone

    from ortakakil.workshops.models import Invitation, StakeholderOrganisation

    workshop.phones_open_until = timezone.now() + dt.timedelta(hours=1)
    workshop.save()
    table = workshop.tables.get(code="ULS1")
    organisation = StakeholderOrganisation.objects.create(
        organisation=workshop.process.organisation, name="Kent Derneği", type="dernek"
    )
    invitation = Invitation.objects.create(
        workshop=workshop,
        stakeholder=organisation,
        token="t" * 40,
        status="katilacak",
        table=table,
        checked_in_at=timezone.now(),
    )
    client.post(f"/davet/{invitation.token}/telefon/")
    response = client.post("/t/ULS1/ideas/", {"text": "Duraklara sesli anons", "kind": "oneri"}, HTTP_HX_REQUEST="true")
    assert "Teşekkürler, fikriniz masaya eklendi." in response.content.decode()
