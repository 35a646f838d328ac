"""Workshops (çalıştay): in-person events of a process, and the stakeholder registry.

Before: the registry (organisations, contact people with KVKK consent), the event with its
files, invitations answered through a personal link. During: thematic tables, check-in at the
door and at the table, ideas and dot votes. After: the facilitator's summary and the reports.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from ortakakil.core.db import turkish_order
from ortakakil.core.localized import ENGLISH_HELP, HasEnglishTexts
from ortakakil.core.models import TimeStampedModel
from ortakakil.processes.models import Process

from . import schedule


class Workshop(HasEnglishTexts, TimeStampedModel):
    """Çalıştay — e.g. "Stratejik Plan Çalıştayı" at Harikalar Diyarı."""

    english_fields = ("title", "slogan", "description", "agenda")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("process"))
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    slogan = models.CharField(_("slogan"), max_length=120, blank=True)
    venue = models.CharField(_("venue"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    agenda = models.JSONField(_("agenda"), default=list, blank=True, help_text=_("One line per agenda item."))
    dots_per_participant = models.PositiveSmallIntegerField(
        _("dots per participant"), default=3, help_text=_("How many dot votes each participant may give.")
    )
    title_en = models.CharField(_("title in English"), max_length=200, blank=True, help_text=ENGLISH_HELP)
    slogan_en = models.CharField(_("slogan in English"), max_length=120, blank=True, help_text=ENGLISH_HELP)
    description_en = models.TextField(_("description in English"), blank=True, help_text=ENGLISH_HELP)
    agenda_en = models.JSONField(_("agenda in English"), default=list, blank=True, help_text=ENGLISH_HELP)
    phones_open_until = models.DateTimeField(
        _("open for phones until"),
        null=True,
        blank=True,
        help_text=_("Set by the staff to let phones write outside the workshop's date and hours."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["date", "pk"]
        constraints = [models.UniqueConstraint(fields=["process", "slug"], name="workshop_slug_unique_in_process")]

    def __str__(self) -> str:
        return str(self.localized.title)

    def get_absolute_url(self) -> str:
        return reverse("workshop_detail", kwargs={"slug": self.process.slug, "workshop": self.slug})

    def takes_phones(self, now: dt.datetime | None = None) -> bool:
        """Whether participants' phones may add ideas and dots now (``workshops.schedule``)."""
        local = timezone.localtime(now or timezone.now(), timezone.get_default_timezone())
        open_until = self.phones_open_until
        return schedule.takes_phones(
            now=local.replace(tzinfo=None),
            date=self.date,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            open_until=(
                timezone.localtime(open_until, timezone.get_default_timezone()).replace(tzinfo=None)
                if open_until
                else None
            ),
            grace=phone_grace(),
        )

    def phones_open_from(self) -> dt.datetime:
        """When the workshop's own hours open the phone pages (an aware moment)."""
        start, _end = schedule.running_window(self.date, self.starts_at, self.ends_at, grace=phone_grace())
        return timezone.make_aware(start, timezone.get_default_timezone())

    def is_over(self, now: dt.datetime | None = None) -> bool:
        """The workshop's day and hours (with the grace period) are past."""
        _start, end = schedule.running_window(self.date, self.starts_at, self.ends_at, grace=phone_grace())
        return (now or timezone.now()) >= timezone.make_aware(end, timezone.get_default_timezone())


def phone_grace() -> dt.timedelta:
    """How long before the start and after the end of a workshop phones may write."""
    return dt.timedelta(minutes=int(getattr(settings, "WORKSHOP_PHONE_GRACE_MINUTES", 30)))


class StakeholderOrganisation(TimeStampedModel):
    """Paydaş kurum — an organisation in the stakeholder registry of a process's organisation."""

    class Type(models.TextChoices):
        PUBLIC = "kamu", _("Public institution")
        CHAMBER = "meslek_odasi", _("Professional chamber")
        UNIVERSITY = "universite", _("University")
        ASSOCIATION = "dernek", _("Association")
        NGO = "stk", _("NGO")
        PRIVATE = "ozel_sektor", _("Private sector")
        MUHTAR = "muhtarlik", _("Neighbourhood headman (muhtarlık)")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="stakeholders", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=Type)
    is_internal = models.BooleanField(_("internal stakeholder"), default=False)
    influence = models.PositiveSmallIntegerField(_("influence (1–5)"), default=3)
    importance = models.PositiveSmallIntegerField(_("importance (1–5)"), default=3)
    themes = models.ManyToManyField(
        "processes.Theme", blank=True, related_name="stakeholders", verbose_name=_("products and services concerned")
    )
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        verbose_name = _("stakeholder organisation")
        verbose_name_plural = _("stakeholder organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="stakeholder_name_unique"),
            models.CheckConstraint(condition=models.Q(influence__gte=1, influence__lte=5), name="influence_1_5"),
            models.CheckConstraint(condition=models.Q(importance__gte=1, importance__lte=5), name="importance_1_5"),
        ]

    def __str__(self) -> str:
        return self.name


def valid_consent(path: str = "") -> models.Q:
    """Consent given and not withdrawn, for contact people reached through ``path``
    (e.g. ``"contacts__"`` from an organisation, ``"contact__"`` from an invitation)."""
    return models.Q(**{f"{path}consent_given_at__isnull": False, f"{path}consent_withdrawn_at__isnull": True})


class ContactPersonQuerySet(models.QuerySet["ContactPerson"]):
    def consenting(self) -> ContactPersonQuerySet:
        """People whose KVKK consent is valid: the only ones who may be invited or contacted."""
        return self.filter(valid_consent())

    def alphabetical(self) -> ContactPersonQuerySet:
        """By name in Turkish alphabetical order (Ç after C, İ after I …)."""
        return self.order_by(turkish_order("full_name"), "pk")


class ContactPerson(TimeStampedModel):
    """İletişim kişisi of a stakeholder organisation, with the KVKK consent recorded for them.

    Consent (açık rıza) records its purpose, when it was given and which version of the
    information notice (aydınlatma metni) the person saw. A person without consent (e.g. from an
    imported list), or whose consent was withdrawn, is kept in the registry but never invited
    or contacted; the organisation is then invited by official letter.
    """

    stakeholder = models.ForeignKey(
        StakeholderOrganisation, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("organisation")
    )
    full_name = models.CharField(_("full name"), max_length=120)
    position = models.CharField(pgettext_lazy("job", "position"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    consent_purpose = models.CharField(_("purpose of consent"), max_length=300, blank=True)
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    notice_version = models.CharField(_("version of the information notice"), max_length=60, blank=True)
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["full_name", "pk"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def has_consent(self) -> bool:
        return self.consent_given_at is not None and self.consent_withdrawn_at is None


def workshop_file_path(instance: WorkshopFile, filename: str) -> str:
    """Stored under a random folder: files are served only through the permission-checked
    download view, and their address cannot be guessed."""
    return f"workshops/{uuid.uuid4().hex}/{filename}"


class WorkshopFile(TimeStampedModel):
    """A presentation or document of the workshop (the experts' slides, the agenda as a file)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=200)
    presenter = models.CharField(_("presented by"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=workshop_file_path, max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("workshop file")
        verbose_name_plural = _("workshop files")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class WorkshopTable(models.Model):
    """Masa — one thematic table of a workshop, with its facilitators and a short code for phones."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="tables")
    theme = models.ForeignKey("processes.Theme", on_delete=models.PROTECT, related_name="tables")
    code = models.CharField(_("table code"), max_length=12, unique=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=12)
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_tables")
    summary = models.TextField(_("facilitator's summary"), blank=True)
    is_closed = models.BooleanField(_("closed"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("workshop table")
        verbose_name_plural = _("workshop tables")
        ordering = ["theme__position", "pk"]
        constraints = [models.UniqueConstraint(fields=["workshop", "theme"], name="one_table_per_theme")]

    def __str__(self) -> str:
        return f"{self.workshop} — {self.theme}"


def active_idea(path: str = "") -> models.Q:
    """Ideas on the record: neither withdrawn nor merged into another idea, reached through
    ``path`` (e.g. ``"ideas__"`` from a table)."""
    return models.Q(**{f"{path}withdrawn_at__isnull": True, f"{path}merged_into__isnull": True})


class IdeaQuerySet(models.QuerySet["Idea"]):
    def active(self) -> IdeaQuerySet:
        """Ideas on the record: neither withdrawn nor merged into another idea."""
        return self.filter(active_idea())


class Idea(TimeStampedModel):
    """Fikir — something said at a table: a proposal, a problem, a SWOT item or a PESTLE factor.

    A facilitator may withdraw an idea (captured twice, or by mistake) or merge ideas that say
    the same thing into one. Nothing is deleted: a withdrawn idea keeps its text and history,
    and the dots put on it go back to the participants who put them (the dot rows stay, marked
    returned); a merged idea points to the idea it was merged into, which takes over its dots.
    """

    class Kind(models.TextChoices):
        PROPOSAL = "oneri", _("Proposal")
        PROBLEM = "sorun", _("Problem")
        STRENGTH = "G", _("Strength")
        WEAKNESS = "Z", _("Weakness")
        OPPORTUNITY = "F", _("Opportunity")
        THREAT = "T", _("Threat")
        POLITICAL = "P", _("Political factor")
        ECONOMIC = "E", _("Economic factor")
        SOCIAL = "S", _("Social factor")
        TECHNOLOGICAL = "T2", _("Technological factor")
        LEGAL = "L", _("Legal factor")
        ENVIRONMENTAL = "C", _("Environmental factor")

    table = models.ForeignKey(WorkshopTable, on_delete=models.CASCADE, related_name="ideas")
    kind = models.CharField(_("kind"), max_length=6, choices=Kind, default=Kind.PROPOSAL)
    text = models.TextField(_("idea"), max_length=1000)
    speaker = models.ForeignKey(
        StakeholderOrganisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("said by"),
    )
    votes_count = models.PositiveIntegerField(_("dot votes"), default=0)
    client_key = models.CharField(max_length=40, blank=True, help_text="Idempotency key of an offline-queued idea.")
    participant_key = models.CharField(
        max_length=64, blank=True, help_text="Anonymous key of a phone (ideas sent before phones joined by invitation)."
    )
    participant = models.ForeignKey(
        "Invitation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("participant"),
        help_text=_("The checked-in participant who sent the idea from a phone."),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_ideas",
        verbose_name=_("merged into"),
    )
    history = HistoricalRecords(excluded_fields=["votes_count"])

    objects = IdeaQuerySet.as_manager()

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-votes_count", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None and self.merged_into_id is None


SWOT_KINDS = ("G", "Z", "F", "T")
PESTLE_KINDS = ("P", "E", "S", "T2", "L", "C")


class DotVote(models.Model):
    """Nokta oyu — one dot a participant puts on an idea (a participant may put several on one idea).

    Dots belong to a checked-in participant (their invitation), who has the workshop's budget
    of dots, whatever phone they use. A dot on an idea that is later withdrawn is returned
    (``returned_at``): it no longer counts against the budget, and the row stays as the record.
    """

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="dot_votes")
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="dot_votes")
    participant = models.ForeignKey(
        "Invitation", on_delete=models.SET_NULL, null=True, blank=True, related_name="dot_votes"
    )
    participant_key = models.CharField(
        max_length=64, blank=True, help_text="Anonymous key of a phone (dots put before phones joined by invitation)."
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dot vote")
        verbose_name_plural = _("dot votes")
        indexes = [
            models.Index(fields=["workshop", "participant_key"], name="dotvote_budget"),
            models.Index(fields=["workshop", "participant"], name="dotvote_participant_budget"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id or self.participant_key[:8]} → {self.idea_id}"


class Invitation(TimeStampedModel):
    """Davet — an invitation of a registry organisation (through a contact person) to a workshop.

    The person answers (RSVP) through a personal link carrying ``token``; the same link's QR
    code is shown at the door for check-in. ``table`` is the assigned table; ``seated_at``
    records the check-in at that table.
    """

    class Status(models.TextChoices):
        INVITED = "davetli", _("Invited")
        ACCEPTED = "katilacak", _("Will attend")
        DECLINED = "katilmayacak", _("Will not attend")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="invitations")
    stakeholder = models.ForeignKey(
        StakeholderOrganisation, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("organisation")
    )
    contact = models.ForeignKey(
        ContactPerson, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    attendee_name = models.CharField(_("attendee"), max_length=120, blank=True)
    token = models.CharField(max_length=43, unique=True)
    status = models.CharField(_("answer"), max_length=12, choices=Status, default=Status.INVITED)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("invitation e-mail sent at"), null=True, blank=True)
    preferred_theme = models.ForeignKey(
        "processes.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("preferred table"),
    )
    table = models.ForeignKey(
        WorkshopTable,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("table"),
    )
    walk_in = models.BooleanField(_("came without an invitation"), default=False)
    checked_in_at = models.DateTimeField(_("checked in at the door"), null=True, blank=True)
    seated_at = models.DateTimeField(_("checked in at the table"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["stakeholder__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "contact"],
                condition=models.Q(contact__isnull=False),
                name="one_invitation_per_contact",
            ),
            models.UniqueConstraint(
                fields=["workshop", "stakeholder"],
                condition=models.Q(contact__isnull=True, walk_in=False),
                name="one_organisation_invitation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.stakeholder})"

    @property
    def name(self) -> str:
        return self.attendee_name or (self.contact.full_name if self.contact else "") or self.stakeholder.name

    def get_absolute_url(self) -> str:
        return reverse("invitation_rsvp", kwargs={"token": self.token})
