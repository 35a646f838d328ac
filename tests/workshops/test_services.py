import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ortakakil.core.models import Role
from ortakakil.workshops import services
from ortakakil.workshops.models import DotVote, Idea, Workshop, WorkshopTable

pytestmark = pytest.mark.django_db


@pytest.fixture
def table(process, make_user):
    workshop = Workshop.objects.create(
        process=process,
        slug="calistay",
        title="Çalıştay",
        venue="Harikalar Diyarı",
        date=dt.date(2019, 10, 19),
        dots_per_participant=2,
    )
    table = WorkshopTable.objects.create(workshop=workshop, theme=process.themes.get(code="ULASIM"), code="ULS1")
    table.facilitators.add(make_user(Role.FACILITATOR, username="kolay"))
    return table


def test_facilitator_adds_ideas_and_a_retry_is_not_a_duplicate(table):
    facilitator = table.facilitators.get()
    first = services.idea_add(table=table, text="Gece otobüsleri", kind="oneri", actor=facilitator, client_key="k1")
    again = services.idea_add(table=table, text="Gece otobüsleri", kind="oneri", actor=facilitator, client_key="k1")
    assert first.pk == again.pk
    assert Idea.objects.count() == 1
    assert first.history.first().history_user == facilitator


def test_other_facilitators_and_citizens_cannot_write_at_the_table(table, make_user):
    with pytest.raises(PermissionDenied):
        services.idea_add(table=table, text="Deneme", actor=make_user(Role.FACILITATOR, username="baska"))
    with pytest.raises(PermissionDenied):
        services.idea_add(table=table, text="Deneme")
    assert not Idea.objects.exists()


@pytest.mark.parametrize(("text", "kind"), [("", "oneri"), ("x" * 1001, "oneri"), ("Geçerli metin", "uydurma")])
def test_bad_ideas_are_refused(table, text, kind):
    with pytest.raises(ValidationError):
        services.idea_add(table=table, text=text, kind=kind, participant_key="telefon-1")
    assert not Idea.objects.exists()


def test_closed_table_takes_no_ideas(table):
    table.is_closed = True
    table.save()
    with pytest.raises(ValidationError):
        services.idea_add(table=table, text="Geç kalan fikir", participant_key="telefon-1")


def test_spam_bursts_from_one_phone_are_stopped(table, settings):
    settings.WORKSHOP_PHONE_IDEAS_PER_MINUTE = 2
    services.idea_add(table=table, text="Bir", participant_key="telefon-1")
    services.idea_add(table=table, text="İki", participant_key="telefon-1")
    with pytest.raises(ValidationError):
        services.idea_add(table=table, text="Üç", participant_key="telefon-1")
    services.idea_add(table=table, text="Başka telefon", participant_key="telefon-2")
    assert Idea.objects.count() == 3


def test_dot_budget(table):
    idea = services.idea_add(table=table, text="Bisiklet yolu", participant_key="telefon-1")
    assert services.dot_vote(idea=idea, participant_key="telefon-1") == 1
    assert services.dot_vote(idea=idea, participant_key="telefon-1") == 0
    with pytest.raises(ValidationError, match="2 noktanızın hepsini kullandınız"):
        services.dot_vote(idea=idea, participant_key="telefon-1")
    idea.refresh_from_db()
    assert idea.votes_count == 2
    assert DotVote.objects.count() == 2


def test_facilitator_edit_is_logged(table):
    facilitator = table.facilitators.get()
    idea = services.idea_add(table=table, text="Yazım hatsı", actor=facilitator)
    services.idea_edit(actor=facilitator, idea=idea, text="Yazım hatası", kind="sorun")
    idea.refresh_from_db()
    assert (idea.text, idea.kind) == ("Yazım hatası", "sorun")
    assert idea.history.count() == 2
