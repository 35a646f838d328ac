"""Organisation, units, users and roles, and background jobs.

Every other app may depend on these models; they depend on nothing else in the project.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

CODE_VALIDATOR = RegexValidator(
    r"^[A-Z][A-Z0-9_]{0,31}$",
    _("Use 1–32 capital Latin letters, digits or underscores, starting with a letter (e.g. SGD)."),
)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Organisation(TimeStampedModel):
    """Kurum — the municipality (or any public administration) that owns plans."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(TimeStampedModel):
    """Birim — a department (daire başkanlığı) of the organisation.

    Units are the "sorumlu birim" (responsible unit) of preparation tasks now and of
    goals and indicators later.
    """

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department (daire başkanlığı)")
        ADVISORY = "advisory", _("Advisory office (müşavirlik)")
        BOARD = "board", _("Board (kurul)")
        AFFILIATE = "affiliate", _("Affiliated body (bağlı kuruluş)")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="units", verbose_name=_("organisation")
    )
    code = models.CharField(_("code"), max_length=32, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.DEPARTMENT)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unit_code_unique_in_organisation")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """The platform's roles (DOMAIN.md §2). Permissions live in ``core.rules``."""

    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")
    STRATEGY_TEAM = "strategy_team", _("Strategy team")
    FACILITATOR = "facilitator", _("Workshop facilitator")
    UNIT_MANAGER = "unit_manager", _("Unit manager")
    STAKEHOLDER_REP = "stakeholder_rep", _("Stakeholder representative")
    CITIZEN = "citizen", _("Citizen")


STAFF_ROLES = frozenset({Role.PLATFORM_ADMIN, Role.STRATEGY_TEAM, Role.FACILITATOR, Role.UNIT_MANAGER})
PUBLIC_NAME_MAX = 40


class User(AbstractUser):
    """A person using the platform, with exactly one role."""

    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.CITIZEN)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
        help_text=_("The municipality a staff member works for."),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        related_name="members",
        null=True,
        blank=True,
        verbose_name=_("unit"),
    )
    represents = models.CharField(
        _("organisation represented"),
        max_length=200,
        blank=True,
        help_text=_("For stakeholder representatives: the institution, chamber or NGO they speak for."),
    )
    public_name = models.CharField(
        _("display name"),
        max_length=PUBLIC_NAME_MAX,
        blank=True,
        help_text=_("How you appear next to your proposals and comments. A first name or a nickname is enough."),
    )
    verified_at = models.DateTimeField(
        _("verified at"),
        null=True,
        blank=True,
        help_text=_(
            "When the account was verified: its e-mail address confirmed, or the account created by staff or "
            "the command line. Only verified accounts write (propose, support, comment, report, answer surveys)."
        ),
    )
    erased_at = models.DateTimeField(
        _("erased at"),
        null=True,
        blank=True,
        help_text=_("When the person's data was erased at their request; the row stays so that counts hold."),
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_staff_member(self) -> bool:
        """Staff of the organisation (may open the back office), not Django's ``is_staff``."""
        return self.is_superuser or self.role in STAFF_ROLES

    @property
    def is_verified(self) -> bool:
        """May write (propose, support, comment, report, answer surveys): a confirmed e-mail address,
        an account made by staff, the command line or the demo, or a staff member."""
        return self.is_active and self.erased_at is None and (self.verified_at is not None or self.is_staff_member)


class Consent(models.Model):
    """Açık rıza — a person's explicit consent, with the version of the information notice
    (aydınlatma metni) they were shown and when, as the workshop registry records it for contacts.

    Kept after an erasure (linked to the emptied account, marked withdrawn): it shows that the
    processing before the erasure had a legal basis.
    """

    class Purpose(models.TextChoices):
        PUBLISH_CONTRIBUTIONS = (
            "publish_contributions",
            _("Publishing my contributions (proposals, comments) with my display name"),
        )

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents", verbose_name=_("user"))
    purpose = models.CharField(_("purpose of consent"), max_length=40, choices=Purpose)
    notice_version = models.CharField(_("version of the information notice"), max_length=60)
    given_at = models.DateTimeField(_("consent given at"))
    withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.notice_version})"


def job_result_path(instance: Job, filename: str) -> str:
    """Each job's file in a folder of its own: the download keeps the name the job gave it (no
    storage suffix when two jobs made files of the same name)."""
    return f"jobs/{instance.pk}/{filename}"


class Job(models.Model):
    """A long-running background job (run by huey) whose progress users can watch."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=60)
    label = models.CharField(_("label"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("steps done"), default=0)
    total = models.PositiveIntegerField(_("steps in all"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    result_file = models.FileField(_("result"), upload_to=job_result_path, max_length=200, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("job_detail", kwargs={"pk": self.pk})

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, round(100 * self.done / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class EmailOptOut(models.Model):
    """A person turned off one kind of e-mail (``kind`` as the sending app registered it in
    ``core.emails``); no row means the kind is on. Set on «E-posta tercihlerim» or by the one-click
    unsubscribe link, which works without logging in."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="email_opt_outs")
    kind = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} − {self.kind}"


class Verification(models.Model):
    """Doğrulanmış katılımcı — a person verified by one method (Decidim's authorizations, CONSUL's
    levels). One row per person and method; verifying again renews it. Never shown publicly."""

    class Method(models.TextChoices):
        SMS = "sms", _("SMS code")
        CENSUS = "census", _("Census list")
        IN_PERSON = "in_person", _("In person, by staff")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="verifications", verbose_name=_("user"))
    method = models.CharField(_("method"), max_length=12, choices=Method)
    verified_at = models.DateTimeField(_("verified at"))
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    detail = models.CharField(
        _("detail"),
        max_length=200,
        blank=True,
        help_text="What the method keeps: the phone's last two digits, the census list, the place of the check. "
        "Never a whole phone or ID number.",
    )
    verified_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("verified by")
    )

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        constraints = [models.UniqueConstraint(fields=["user", "method"], name="one_verification_per_method")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.method}"


class CensusEntry(models.Model):
    """A row of a census list (seçmen / nüfus listesi) uploaded by staff: the national ID number
    hashed with a secret key (HMAC-SHA256; the number itself is never stored) and the birth date.
    An entry verifies one account at most (``claimed_by``)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="census_entries")
    id_hash = models.CharField(max_length=64)
    birth_date = models.DateField()
    district = models.CharField(max_length=60, blank=True)
    batch = models.CharField(max_length=36, help_text="The upload this row came with.")
    claimed_by = models.OneToOneField(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="census_entry"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("census entry")
        verbose_name_plural = _("census entries")
        constraints = [models.UniqueConstraint(fields=["organisation", "id_hash"], name="census_id_unique")]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.id_hash[:8]}…"


class SmsCode(models.Model):
    """A one-time SMS code: its keyed hash, the phone's keyed hash, when it expires, when it was
    used and how many wrong guesses it had. A used or expired code never verifies."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    phone_hash = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="sms_code_latest")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
