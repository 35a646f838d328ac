import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ortakakil.core.models import Role
from ortakakil.workshops import live
from ortakakil.workshops.models import DotVote, Idea, Invitation, StakeholderOrganisation, Workshop, WorkshopTable

pytestmark = pytest.mark.django_db


@pytest.fixture
def table(process, make_user):
    workshop = Workshop.objects.create(
        process=process,
        slug="calistay",
        title="Çalıştay",
        venue="Harikalar Diyarı",
        date=timezone.localdate(),  # running today: phones may write
        dots_per_participant=2,
    )
    table = WorkshopTable.objects.create(workshop=workshop, theme=process.themes.get(code="ULASIM"), code="ULS1")
    table.facilitators.add(make_user(Role.FACILITATOR, username="kolay"))
    return table


@pytest.fixture
def phone(table):
    """A checked-in participant's phone."""
    return participant(table, "Mimarlar Odası")


def participant(table, name):
    organisation = StakeholderOrganisation.objects.create(
        organisation=table.workshop.process.organisation, name=name, type="kamu"
    )
    return Invitation.objects.create(
        workshop=table.workshop, stakeholder=organisation, token=f"token-{name}", checked_in_at=timezone.now()
    )


def test_facilitator_adds_ideas_and_a_retry_is_not_a_duplicate(table):
    facilitator = table.facilitators.get()
    first = live.idea_add(table=table, text="Gece otobüsleri", kind="oneri", actor=facilitator, client_key="k1")
    again = live.idea_add(table=table, text="Gece otobüsleri", kind="oneri", actor=facilitator, client_key="k1")
    assert first.pk == again.pk
    assert Idea.objects.count() == 1
    assert first.history.first().history_user == facilitator


def test_other_facilitators_and_citizens_cannot_write_at_the_table(table, make_user):
    with pytest.raises(PermissionDenied):
        live.idea_add(table=table, text="Deneme", actor=make_user(Role.FACILITATOR, username="baska"))
    with pytest.raises(PermissionDenied):
        live.idea_add(table=table, text="Deneme")
    assert not Idea.objects.exists()


@pytest.mark.parametrize(("text", "kind"), [("", "oneri"), ("x" * 1001, "oneri"), ("Geçerli metin", "uydurma")])
def test_bad_ideas_are_refused(table, phone, text, kind):
    with pytest.raises(ValidationError):
        live.idea_add(table=table, text=text, kind=kind, participant=phone)
    assert not Idea.objects.exists()


def test_closed_table_takes_no_ideas(table, phone):
    table.is_closed = True
    table.save()
    with pytest.raises(ValidationError):
        live.idea_add(table=table, text="Geç kalan fikir", participant=phone)
    assert not Idea.objects.exists()


def test_spam_bursts_from_one_participant_are_stopped(table, phone, settings):
    settings.WORKSHOP_PHONE_IDEAS_PER_MINUTE = 2
    live.idea_add(table=table, text="Bir", participant=phone)
    live.idea_add(table=table, text="İki", participant=phone)
    with pytest.raises(ValidationError):
        live.idea_add(table=table, text="Üç", participant=phone)
    live.idea_add(table=table, text="Başka katılımcı", participant=participant(table, "Esnaf Odası"))
    assert Idea.objects.count() == 3


def test_dot_budget(table, phone):
    idea = live.idea_add(table=table, text="Bisiklet yolu", participant=phone)
    assert live.dot_vote(idea=idea, participant=phone) == 1
    assert live.dot_vote(idea=idea, participant=phone) == 0
    with pytest.raises(ValidationError, match="2 noktanızın hepsini kullandınız"):
        live.dot_vote(idea=idea, participant=phone)
    idea.refresh_from_db()
    assert idea.votes_count == 2
    assert DotVote.objects.count() == 2


def test_facilitator_edit_is_logged(table):
    facilitator = table.facilitators.get()
    idea = live.idea_add(table=table, text="Yazım hatsı", actor=facilitator)
    live.idea_edit(actor=facilitator, idea=idea, text="Yazım hatası", kind="sorun")
    idea.refresh_from_db()
    assert (idea.text, idea.kind) == ("Yazım hatası", "sorun")
    assert idea.history.count() == 2
