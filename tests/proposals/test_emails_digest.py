"""The weekly digest: once per person and week, only with something to say."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.utils import timezone

from ortakakil.core.models import EmailOptOut
from ortakakil.proposals import emails, services
from ortakakil.proposals.models import DigestSent
from ortakakil.proposals.tasks import monday_morning


def _activity(proposal, strategist, citizens):
    services.comment_create(actor=citizens[0], proposal=proposal, body="Kesinlikle gerekli bir öneri.")
    services.comment_create(actor=citizens[1], proposal=proposal, body="Ben de her gece bekliyorum.")
    services.proposal_answer(actor=strategist, proposal=proposal, state="accepted", text="Sefer eklenecek.")


def test_the_digest_tells_the_author_what_happened_once_per_week(proposal, strategist, citizens, author):
    _activity(proposal, strategist, citizens)

    first = emails.digest_send()
    second = emails.digest_send()

    assert first.sent == 1
    assert (second.sent, second.already) == (0, 1)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [author.email]
    assert message.subject == "Ortak Akıl'da haftanız"
    assert proposal.title in message.body
    assert "2 yeni yorum" in message.body
    assert "Kabul edildi" in message.body
    assert proposal.get_absolute_url() in message.body
    assert message.extra_headers["List-Unsubscribe"]
    week = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    assert list(DigestSent.objects.values_list("user", "week")) == [(author.pk, week)]


def test_nothing_to_say_no_digest(proposal, author):
    assert emails.digest_send().sent == 0
    assert mail.outbox == []
    assert not DigestSent.objects.exists()


def test_own_comments_and_old_activity_say_nothing(proposal, author):
    services.comment_create(actor=author, proposal=proposal, body="Kendi önerime bir ekleme.")
    assert emails.digest_send().sent == 0
    assert emails.digest_send(now=timezone.now() + dt.timedelta(days=8)).sent == 0
    assert mail.outbox == []


def test_the_digest_can_be_turned_off(proposal, strategist, citizens, author):
    EmailOptOut.objects.create(user=author, kind=emails.DIGEST)
    _activity(proposal, strategist, citizens)
    assert emails.digest_send().sent == 0
    assert mail.outbox == []


def test_the_next_week_sends_again(proposal, strategist, citizens, author):
    _activity(proposal, strategist, citizens)
    emails.digest_send()
    later = timezone.now() + dt.timedelta(days=7)
    services.comment_create(actor=citizens[2], proposal=proposal, body="Bir hafta sonra yeni bir yorum.")
    assert emails.digest_send(now=later).sent == 1
    assert len(mail.outbox) == 2


def test_the_digest_runs_monday_at_eight_in_istanbul():
    # huey gives UTC without a zone; Istanbul is UTC+3
    assert monday_morning(dt.datetime(2026, 11, 30, 5, 0))
    assert not monday_morning(dt.datetime(2026, 11, 30, 8, 0))
    assert not monday_morning(dt.datetime(2026, 12, 1, 5, 0))
    assert not monday_morning(dt.datetime(2026, 11, 30, 5, 1))


def test_the_command_sends_the_digest(proposal, strategist, citizens, capsys):
    from django.core.management import call_command

    _activity(proposal, strategist, citizens)
    call_command("notifications", "send", "--digest", "--dry-run")
    assert "1 e-posta gönderilecek" in capsys.readouterr().out
    assert mail.outbox == []
    call_command("notifications", "send", "--digest")
    assert "1 e-posta gönderildi" in capsys.readouterr().out
    assert len(mail.outbox) == 1
