"""Fixtures of the opinion map's back-office tests: a conversation of the test process, a
workshop with dot-voted ideas, proposals with supports, another organisation's strategist."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ortakakil.core.models import Role
from ortakakil.opinions import services
from ortakakil.opinions.models import Participant, Statement, Vote
from ortakakil.proposals.models import Proposal
from ortakakil.workshops.models import Idea, Workshop, WorkshopTable

from ...factories import OrganisationFactory, ProcessFactory, ThemeFactory, UserFactory


@pytest.fixture
def theme(process):
    return process.themes.get(code="ULASIM")


@pytest.fixture
def conversation(strategist, process):
    return services.conversation_create(actor=strategist, process=process, title="Ankara'da ulaşım")


@pytest.fixture
def workshop(process):
    workshop = Workshop.objects.create(
        process=process, slug="calistay", title="Çalıştay", venue="Salon", date=timezone.localdate()
    )
    WorkshopTable.objects.create(workshop=workshop, theme=process.themes.get(code="ULASIM"), code="ULS1")
    WorkshopTable.objects.create(workshop=workshop, theme=process.themes.get(code="AFET"), code="AFT1")
    return workshop


@pytest.fixture
def ideas(workshop):
    uls = workshop.tables.get(code="ULS1")
    aft = workshop.tables.get(code="AFT1")
    return [
        Idea.objects.create(table=uls, kind="O", text="Gece otobüsleri her yarım saatte bir çalışsın", votes_count=9),
        Idea.objects.create(table=uls, kind="O", text="Bisiklet yolları birbirine bağlansın", votes_count=4),
        Idea.objects.create(table=aft, kind="O", text="Her mahallede bir toplanma alanı tabelası olsun", votes_count=7),
    ]


@pytest.fixture
def proposals(process, theme, make_user):
    author = make_user(Role.CITIZEN, username="yazar")
    return [
        Proposal.objects.create(
            process=process,
            theme=theme,
            author=author,
            title="Metro Etimesgut'a uzatılsın",
            body="Etimesgut'tan merkeze ulaşım çok uzun sürüyor. " * 12,
            supports_count=12,
        ),
        Proposal.objects.create(
            process=process,
            theme=theme,
            author=author,
            title="Durak ekranları",
            body="Her durakta ekran.",
            supports_count=3,
        ),
    ]


@pytest.fixture
def outsider(db):
    """The strategy team of another municipality."""
    other = OrganisationFactory(slug="baska", name="Başka Belediyesi")
    return UserFactory(role=Role.STRATEGY_TEAM, organisation=other, username="baska")


@pytest.fixture
def other_process(outsider):
    process = ProcessFactory(organisation=outsider.organisation, slug="baska-plan")
    ThemeFactory(process=process, code="ULASIM", name="Ulaşım", position=1)
    return process


def vote(conversation, polis_id, statement, value, when=None):
    participant, _ = Participant.objects.get_or_create(conversation=conversation, polis_id=polis_id)
    v = Vote.objects.create(conversation=conversation, statement=statement, participant=participant, value=value)
    if when is not None:
        Vote.objects.filter(pk=v.pk).update(created_at=when, updated_at=when)
    return v


def pending(conversation, text, user=None):
    return Statement.objects.create(conversation=conversation, text=text, author=user)


WHEN = dt.datetime(2024, 10, 1, 12, 0, tzinfo=dt.UTC)
