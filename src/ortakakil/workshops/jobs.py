"""Background jobs of the workshops app."""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ortakakil.core.jobs import JobResult, Progress, job_runner

from .models import Invitation, Workshop

logger = logging.getLogger(__name__)


@job_runner("workshops.invitation_emails")
def invitation_emails(progress: Progress, *, workshop_id: int, base_url: str) -> JobResult:
    """Send each pending invitation its personal link, in Turkish; record when it went out.

    A mail that fails is left pending (and logged), so running the job again retries it.
    """
    from .services import invitations_to_send

    workshop = Workshop.objects.select_related("process").get(pk=workshop_id)
    pending = list(invitations_to_send(workshop).select_related("contact", "stakeholder"))
    failed = 0
    with translation.override("tr"):
        subject = _("Invitation: %(title)s, %(date)s") % {
            "title": workshop.title,
            "date": workshop.date.strftime("%d.%m.%Y"),
        }
        for done, invitation in enumerate(pending, start=1):
            assert invitation.contact is not None  # noqa: S101 — guaranteed by invitations_to_send
            body = render_to_string(
                "workshops/email/invitation.txt",
                {
                    "invitation": invitation,
                    "workshop": workshop,
                    "link": base_url.rstrip("/") + invitation.get_absolute_url(),
                },
            )
            try:
                EmailMessage(subject, body, to=[invitation.contact.email]).send()
            except Exception:  # a bad address or a mail-server hiccup must not stop the others
                logger.exception("invitation %s could not be e-mailed", invitation.pk)
                failed += 1
            else:
                with transaction.atomic():
                    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
            progress(
                done,
                len(pending),
                _("%(done)d of %(total)d e-mails sent") % {"done": done - failed, "total": len(pending)},
            )
    if failed:
        raise RuntimeError(_("%(n)d e-mails could not be sent; run the job again to retry them.") % {"n": failed})
    return None
