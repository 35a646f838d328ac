"""Fixtures of the voting tests: a process whose phase opens the opinion map, a conversation with
accepted, pending, rejected and meta statements, and a conversation held at a running workshop.
Test modules import them (``from .voting_fixtures import *``)."""

import pytest

from ortakakil.opinions.models import Conversation, Statement
from tests.workshops.conftest import checked_in, join_by_phone, running, workshop  # noqa: F401

ACCEPTED = [
    "Metro hatları gece de çalışmalı.",
    "Bisiklet yolları ana caddelerle birleşmeli.",
    "Otobüs durakları engelsiz olmalı.",
    "Park alanları artırılmalı.",
]


def open_opinions(process):
    phase = process.current_phase
    phase.switches = [*phase.switches, "opinions"]
    phase.save()
    return process


@pytest.fixture
def opinion_process(process):
    return open_opinions(process)


def statements_of(conversation, texts=ACCEPTED):
    made = [
        Statement.objects.create(conversation=conversation, text=t, status=Statement.Status.ACCEPTED) for t in texts
    ]
    return made


@pytest.fixture
def conversation(opinion_process, strategist):
    conversation = Conversation.objects.create(
        process=opinion_process, title="Ulaşımda öncelikler", description="Ne düşünüyorsunuz?", created_by=strategist
    )
    statements_of(conversation)
    Statement.objects.create(conversation=conversation, text="Beklemede bir görüş.", status=Statement.Status.PENDING)
    Statement.objects.create(conversation=conversation, text="Reddedilen bir görüş.", status=Statement.Status.REJECTED)
    Statement.objects.create(conversation=conversation, text="Bu anket çok uzun.", status=Statement.Status.META)
    return conversation


def statement(conversation, status=Statement.Status.ACCEPTED):
    return conversation.statements.filter(status=status).order_by("pk").first()


@pytest.fixture
def workshop_conversation(running, opinion_process):  # noqa: F811
    conversation = Conversation.objects.create(
        process=opinion_process, workshop=running, title="Çalıştayın görüş haritası"
    )
    statements_of(conversation, ACCEPTED[:3])
    return conversation
