"""Online proposals (öneriler), their supports, comments, official answers, merging,
following and moderation (Decidim's proposals component is the anchor users compare with)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ortakakil.core.models import TimeStampedModel
from ortakakil.core.text import search_fold
from ortakakil.processes.models import Process, Theme

TITLE_MAX = 150
BODY_MAX = 5000
COMMENT_MAX = 2000


class AnswerState(models.TextChoices):
    """States of the municipality's official answer to a proposal."""

    NONE = "", _("Not answered yet")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    PARTIALLY_ACCEPTED = "partially_accepted", _("Partially accepted")
    REJECTED = "rejected", _("Rejected")
    IN_PLAN = "in_plan", _("Included in the plan")


def proposal_search_text(title: str, body: str) -> str:
    """What proposal search reads: title and body in Turkish lower case without accents
    ("Kızılay" → "kizilay"; ``core.text.search_fold``)."""
    return search_fold(f"{title}\n{body}")


class ProposalManager(models.Manager["Proposal"]):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Proposal]:
        """Bulk inserts (imports, the demo) fill the search column as ``save`` does."""
        objs = list(objs)
        for proposal in objs:
            proposal.search_text = proposal_search_text(proposal.title, proposal.body)
        return super().bulk_create(objs, *args, **kwargs)


class Proposal(TimeStampedModel):
    """Öneri — an idea a citizen or stakeholder representative puts to the process."""

    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        IMPORT = "import", _("Imported (e-mail, paper …)")
        MERGE = "merge", _("Merged from duplicates")

    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("process"))
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("theme"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("proposal"), max_length=BODY_MAX)
    district = models.CharField(_("district"), max_length=60, blank=True)
    neighbourhood = models.CharField(_("neighbourhood"), max_length=80, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source, default=Source.ONLINE)
    answer_state = models.CharField(_("answer"), max_length=20, choices=AnswerState, blank=True, default="")
    supports_count = models.PositiveIntegerField(_("supports"), default=0)
    comments_count = models.PositiveIntegerField(_("comments"), default=0)
    reports_count = models.PositiveIntegerField(_("reports"), default=0)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_originals",
        verbose_name=_("merged into"),
    )
    search_text = models.TextField(
        editable=False,
        default="",
        help_text="Title and body in Turkish lower case without accents; searched (PostgreSQL: its GIN index).",
    )
    history = HistoricalRecords(excluded_fields=["supports_count", "comments_count", "reports_count", "search_text"])

    objects = ProposalManager()

    if TYPE_CHECKING:
        process_id: int
        theme_id: int
        author_id: int | None
        merged_into_id: int | None

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["process", "is_hidden", "-created_at"], name="proposal_list_newest"),
            models.Index(fields=["process", "is_hidden", "-supports_count"], name="proposal_list_supported"),
            models.Index(fields=["process", "is_hidden", "-comments_count"], name="proposal_list_discussed"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The search column follows the title and body it is derived from.
        self.search_text = proposal_search_text(self.title, self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "body"} & set(update_fields):
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("proposal_detail", kwargs={"slug": self.process.slug, "pk": self.pk})

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None


class Support(models.Model):
    """Destek — one user's support for one proposal (withdrawable)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


class Comment(TimeStampedModel):
    """Yorum — a threaded comment with a stance (lehte / aleyhte / nötr)."""

    class Stance(models.TextChoices):
        FOR = "for", _("In favour")
        AGAINST = "against", _("Against")
        NEUTRAL = "neutral", _("Neutral")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="proposal_comments"
    )
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    stance = models.CharField(_("stance"), max_length=10, choices=Stance, default=Stance.NEUTRAL)
    body = models.TextField(_("comment"), max_length=COMMENT_MAX)
    reports_count = models.PositiveIntegerField(_("reports"), default=0)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    history = HistoricalRecords(excluded_fields=["reports_count"])

    if TYPE_CHECKING:
        proposal_id: int
        parent_id: int | None

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class Answer(models.Model):
    """Resmî yanıt — the municipality's official answer; the latest one is the proposal's state."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    state = models.CharField(_("state"), max_length=20, choices=AnswerState.choices[1:])
    text = models.TextField(_("answer"), max_length=BODY_MAX)
    reason = models.CharField(_("reason for rejection"), max_length=300, blank=True)
    plan_item_code = models.CharField(
        _("plan goal it rests on"),
        max_length=20,
        blank=True,
        help_text="The code of the plan goal the answer cites (H3.2); the plan is an app above this one, "
        "so the code is kept as text and resolved through processes.traceability.",
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("official answer")
        verbose_name_plural = _("official answers")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_state_display()}: {self.proposal_id}"


class Follow(models.Model):
    """Takip — a user follows a proposal and is notified of answers and comments."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="one_follow_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.proposal_id}"


class Notification(models.Model):
    """Bildirim — an in-platform notification (answers, comments on followed proposals)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300)
    is_read = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text


class Report(models.Model):
    """Şikâyet — a user reports a proposal or a comment as inappropriate."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="reports")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reporter"], name="one_report_per_proposal"),
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_comment"),
            models.CheckConstraint(
                condition=models.Q(proposal__isnull=False, comment__isnull=True)
                | models.Q(proposal__isnull=True, comment__isnull=False),
                name="report_has_one_target",
            ),
        ]

    def __str__(self) -> str:
        return self.reason


class ModerationAction(models.Model):
    """Moderasyon kaydı — every hide and restore, with who, why and when. Nothing is deleted."""

    class Action(models.TextChoices):
        AUTO_HIDE = "auto_hide", _("Hidden automatically after reports")
        HIDE = "hide", _("Hidden by a moderator")
        RESTORE = "restore", _("Restored by a moderator")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=10, choices=Action)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.reason}"
