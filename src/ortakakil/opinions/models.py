"""The opinion map's records: conversations, their statements, participants, votes and results.

A conversation (Pol.is' "conversation") belongs to a process, optionally to one theme or to one
workshop. People vote agree / disagree / pass on its statements one at a time; the pure
``opinions/math`` turns the votes into groups, representative statements and consensus, stored
as an ``Analysis`` (the latest finished one is shown; a new one is computed in the background).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ortakakil.core.models import TimeStampedModel
from ortakakil.processes.contributions import CITIZEN
from ortakakil.workshops.models import StakeholderOrganisation

STATEMENT_MAX = 280
"""Pol.is keeps statements short (140 characters then, 280 now): one idea people can vote on."""


STAKEHOLDER_TYPES: list[tuple[str, Any]] = [*StakeholderOrganisation.Type.choices, (CITIZEN, _("Citizen"))]
"""Who a voter speaks for, as far as the platform knows: the registry's organisation types and the
individual citizen. The cross-tab of opinion groups is drawn against these."""


class Conversation(TimeStampedModel):
    """Görüş haritası — a Pol.is-style conversation of a process (optionally one theme, or one workshop)."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="conversations", verbose_name=_("process")
    )
    theme = models.ForeignKey(
        "processes.Theme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conversations",
        verbose_name=_("theme"),
    )
    workshop = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conversations",
        verbose_name=_("workshop"),
        help_text=_("A conversation run at a workshop: participants vote from their phones by the table code."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("question to participants"), blank=True, max_length=2000)
    accepts_statements = models.BooleanField(
        _("participants may write statements"),
        default=True,
        help_text=_("Statements written by participants wait for moderation before others vote on them."),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["process", "theme__position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def get_absolute_url(self) -> str:
        return reverse("conversation_detail", kwargs={"slug": self.process.slug, "pk": self.pk})


class Statement(TimeStampedModel):
    """Görüş — one short statement people agree with, disagree with or pass.

    Staff write seed statements or pick them from the most dot-voted workshop ideas and the most
    supported proposals (``source_kind`` and ``source_id`` name that contribution, for the plan's
    traceability); participants submit statements, which wait for moderation. A moderated
    statement is never deleted: rejected ones leave the vote, meta ones (about the conversation
    itself) are shown but left out of the mathematics, as in Pol.is.
    """

    class Status(models.TextChoices):
        PENDING = "beklemede", _("Waiting for moderation")
        ACCEPTED = "kabul", _("Accepted")
        REJECTED = "ret", _("Rejected")
        META = "meta", _("Meta (about the conversation)")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="statements")
    text = models.CharField(_("statement"), max_length=STATEMENT_MAX)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    is_seed = models.BooleanField(_("seed statement"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
        verbose_name=_("author"),
    )
    author_participant = models.ForeignKey(
        "Participant", on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    source_kind = models.CharField(_("source kind"), max_length=30, blank=True)
    source_id = models.PositiveBigIntegerField(_("source"), null=True, blank=True)
    polis_id = models.BigIntegerField(_("Pol.is comment id"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderation_reason = models.CharField(_("reason"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["conversation", "pk"]
        indexes = [models.Index(fields=["conversation", "status"], name="statement_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "polis_id"],
                condition=models.Q(polis_id__isnull=False),
                name="statement_polis_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_votable(self) -> bool:
        return self.status == self.Status.ACCEPTED


class Participant(models.Model):
    """A voter in one conversation: a signed-in user, a checked-in workshop participant (their
    invitation, voting by the table code without an account) or a voter of an imported Pol.is
    conversation. Only the stakeholder type is kept for the cross-tab; nothing else personal."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conversation_participations",
    )
    invitation = models.ForeignKey(
        "workshops.Invitation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conversation_participations",
    )
    polis_id = models.BigIntegerField(_("Pol.is participant id"), null=True, blank=True)
    stakeholder_type = models.CharField(_("stakeholder type"), max_length=20, choices=STAKEHOLDER_TYPES, blank=True)
    stakeholder_type_chosen = models.BooleanField(
        default=False, help_text="The participant chose the type on the vote page (not derived)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], condition=models.Q(user__isnull=False), name="participant_user_once"
            ),
            models.UniqueConstraint(
                fields=["conversation", "invitation"],
                condition=models.Q(invitation__isnull=False),
                name="participant_invitation_once",
            ),
            models.UniqueConstraint(
                fields=["conversation", "polis_id"],
                condition=models.Q(polis_id__isnull=False),
                name="participant_polis_id_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}/{self.pk}"


class Vote(models.Model):
    """One participant's vote on one statement: 1 agree, −1 disagree, 0 pass. The latest wins:
    a second vote updates the row (``updated_at`` is when it was last cast)."""

    class Value(models.IntegerChoices):
        AGREE = 1, _("Agree")
        PASS = 0, _("Pass / unsure")
        DISAGREE = -1, _("Disagree")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(_("vote"), choices=Value)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["participant", "statement"], name="one_vote_per_statement"),
            models.CheckConstraint(condition=models.Q(value__in=[-1, 0, 1]), name="vote_value_range"),
        ]
        indexes = [models.Index(fields=["conversation", "updated_at"], name="vote_conversation_time")]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.value:+d} {self.statement_id}"


class Analysis(models.Model):
    """One computed opinion map of a conversation. The page shows the latest finished one; a
    recomputation writes a new row, so the previous result stays visible until it is ready.

    ``result`` is what pages and the API show (groups, members' points, representative
    statements, consensus, per-statement counts); ``state`` is what the next update warm-starts
    from (Pol.is reuses the previous clustering)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="analyses")
    votes_count = models.PositiveIntegerField(default=0)
    participants_count = models.PositiveIntegerField(default=0)
    last_vote_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict)
    state = models.JSONField(default=dict)
    seconds = models.FloatField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("opinion map computation")
        verbose_name_plural = _("opinion map computations")
        ordering = ["conversation", "-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.conversation_id} @ {self.created_at:%Y-%m-%d %H:%M}"
