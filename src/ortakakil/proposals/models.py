"""Online proposals (öneriler), their supports, comments, official answers, merging,
following and moderation (Decidim's proposals component is the anchor users compare with)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ortakakil.core.models import TimeStampedModel, Unit
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


VISIBLE = models.Q(is_hidden=False)
"""What the public lists show (the condition of the list indexes)."""


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
    # An optional map point (WGS 84). Both or neither (constraint ``proposal_point_whole``).
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    # Triage: the unit that answers the proposal and the staff member who evaluates it.
    assigned_unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_proposals",
        verbose_name=_("assigned unit"),
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals_to_evaluate",
        verbose_name=_("evaluator"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
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
        assigned_unit_id: int | None
        evaluator_id: int | None

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The lists of what the public sees: partial indexes on ``NOT is_hidden`` (the term both
            # engines' queries carry; SQLite can't use a boolean index column for it), ascending
            # and ending in the id. Read backwards they give «newest first, ties by id descending»
            # in order on both engines, read forwards «oldest first»: no sort of the whole process.
            *(
                models.Index(fields=["process", *order, "created_at", "id"], name=name, condition=VISIBLE)
                for name, order in (
                    ("proposal_list_newest", []),
                    ("proposal_list_supported", ["supports_count"]),
                    ("proposal_list_discussed", ["comments_count"]),
                    ("proposal_list_reported", ["reports_count"]),
                )
            ),
            models.Index(fields=["process", "district", "neighbourhood"], name="proposal_place"),
            models.Index(fields=["process", "assigned_unit", "created_at", "id"], name="proposal_triage_unit"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="proposal_point_whole",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="proposal_point_on_earth",
            ),
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
    """Bildirim — an in-platform notification (answers, comments on followed proposals). The
    background worker e-mails each one once (``emailed_at``) unless the person turned its kind off."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("An official answer to a proposal I wrote or follow")
        COMMENT = "comment", _("A comment on a proposal I follow")
        MERGE = "merge", _("A proposal I follow was merged")
        ASSIGNED = "assigned", _("A proposal was assigned to me for evaluation")
        OTHER = "other", _("Other news about proposals I follow")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.OTHER)
    text = models.CharField(max_length=300)
    is_read = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the e-mail for it went out (or was skipped: kind turned off)."
    )

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


def attachment_path(instance: Attachment, filename: str) -> str:
    """``proposals/attachments/<random>.<ext>``: the stored name never comes from the uploader."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"proposals/attachments/{uuid.uuid4().hex}.{ext}"


class Attachment(models.Model):
    """Ek — an image or a PDF document on a proposal or a comment. Images are re-encoded without
    their metadata (EXIF, GPS) and get a thumbnail; the type is read from the bytes, never the name."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        DOCUMENT = "document", _("PDF document")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=attachment_path, max_length=200, blank=True)
    alt_text = models.CharField(
        _("image description"), max_length=200, blank=True, help_text=_("What the image shows, for screen readers.")
    )
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"))
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    if TYPE_CHECKING:
        proposal_id: int | None
        comment_id: int | None

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposal__isnull=False, comment__isnull=True)
                | models.Q(proposal__isnull=True, comment__isnull=False),
                name="attachment_has_one_target",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class SavedView(models.Model):
    """Kayıtlı görünüm — a staff member's named filter of the triage list (its query string)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filter"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "process", "name"], name="saved_view_name_unique")]

    def __str__(self) -> str:
        return self.name


class TriageEntry(models.Model):
    """Değerlendirme kaydı — one audit line per proposal for every triage action (assignment,
    answer, state change, hiding), single or bulk; a bulk action's lines share its ``batch``."""

    class Action(models.TextChoices):
        ASSIGN = "assign", _("Assigned")
        ANSWER = "answer", _("Answered")
        STATE = "state", _("State changed")
        HIDE = "hide", _("Hidden")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="triage_entries")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=10, choices=Action)
    detail = models.CharField(max_length=300, blank=True)
    batch = models.CharField(max_length=36, blank=True, help_text="Shared by the lines of one bulk action.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.proposal_id}"


class DigestSent(models.Model):
    """The weekly digest went to ``user`` for the week starting ``week`` (Monday): sent once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="one_digest_per_week")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.week}"
