"""Conversations with votes built straight in the database (bulk_create), for the results tests:
the voting services are not needed to have something to show."""

from __future__ import annotations

import numpy as np

from ortakakil.opinions.models import Conversation, Participant, Statement, Vote

TYPES_A = ["kamu", "universite"]
TYPES_B = ["dernek", "citizen"]


def conversation_with_camps(
    process,
    *,
    per_group: int = 20,
    n_statements: int = 12,
    common: int = 2,
    seen: float = 0.9,
    seed: int = 4,
    theme=None,
    workshop=None,
    title: str = "Ulaşımda öncelik ne olmalı?",
) -> tuple[Conversation, list[Statement], list[Participant]]:
    """Two camps that disagree on every statement but the first ``common`` ones, which all agree
    with. Camp A's participants are of types ``TYPES_A`` (alternating), camp B's of ``TYPES_B``."""
    rng = np.random.default_rng(seed)
    conversation = Conversation.objects.create(
        process=process,
        theme=theme,
        workshop=workshop,
        title=title,
        description="Ankara'da ulaşım için ne düşünüyorsunuz?",
    )
    statements = Statement.objects.bulk_create(
        Statement(conversation=conversation, text=f"Görüş {i + 1}: otobüs hatları artırılmalı {i + 1}", status="kabul")
        for i in range(n_statements)
    )
    participants = Participant.objects.bulk_create(
        Participant(
            conversation=conversation,
            polis_id=i,
            stakeholder_type=(TYPES_A if i < per_group else TYPES_B)[i % 2],
        )
        for i in range(2 * per_group)
    )
    stance = np.ones((2, n_statements), dtype=np.int64)
    stance[1, common:] = -1
    votes = []
    for i, participant in enumerate(participants):
        camp = 0 if i < per_group else 1
        for j, statement in enumerate(statements):
            if j < common or rng.random() < seen:
                votes.append(
                    Vote(
                        conversation=conversation,
                        statement=statement,
                        participant=participant,
                        value=int(stance[camp, j]),
                    )
                )
    Vote.objects.bulk_create(votes)
    return conversation, statements, participants
