"""Background jobs of the workshops app."""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ortakakil.core.jobs import JobResult, Progress, job_runner

from .models import Invitation, Workshop

logger = logging.getLogger(__name__)


@job_runner("workshops.invitation_emails")
def invitation_emails(progress: Progress, *, workshop_id: int, base_url: str) -> JobResult:
    """Send each pending invitation its personal link, in Turkish; record when it went out.

    Each row is claimed before its mail goes out, so two jobs never send the same invitation;
    a mail that fails is released again (and logged), so running the job again retries it.
    """
    from .selectors import invitations_to_send

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
            # Claim the row first: a second job started by a double click skips what this one sends.
            claimed = Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(sent_at=timezone.now())
            if not claimed:
                continue
            try:
                EmailMessage(subject, body, to=[invitation.contact.email]).send()
            except Exception:  # a bad address or a mail-server hiccup must not stop the others
                logger.exception("invitation %s could not be e-mailed", invitation.pk)
                Invitation.objects.filter(pk=invitation.pk).update(sent_at=None)
                failed += 1
            progress(
                done,
                len(pending),
                _("%(done)d of %(total)d e-mails sent") % {"done": done - failed, "total": len(pending)},
            )
    if failed:
        raise RuntimeError(_("%(n)d e-mails could not be sent; run the job again to retry them.") % {"n": failed})
    return None
