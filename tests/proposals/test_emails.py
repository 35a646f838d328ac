"""Notification e-mails: each notification once, to a confirmed address, unless turned off."""

from __future__ import annotations

import re
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client

from ortakakil.core.models import EmailOptOut, Role
from ortakakil.proposals import emails, services
from ortakakil.proposals.models import Follow, Notification
from ortakakil.proposals.tasks import send_notification_emails


def _answer(proposal, strategist):
    return services.proposal_answer(
        actor=strategist, proposal=proposal, state="accepted", text="Gece seferleri eylül ayında başlıyor."
    )


def _unsubscribe_path(message) -> str:
    link = re.search(r"<(http[^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    return link.removeprefix("http://localhost:8000")


def test_the_author_gets_exactly_one_email_when_the_unit_answers(proposal, strategist, author):
    _answer(proposal, strategist)

    send_notification_emails.call_local()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [author.email]
    assert "resmî yanıt" in message.subject.lower() or proposal.title in message.subject
    assert proposal.get_absolute_url() in message.body
    assert "Gece seferleri eylül ayında başlıyor." in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert _unsubscribe_path(message) in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert proposal.get_absolute_url() in html
    assert Notification.objects.get(user=author).emailed_at is not None


def test_the_unsubscribe_link_of_the_email_works_logged_out(proposal, strategist, author):
    _answer(proposal, strategist)
    send_notification_emails.call_local()
    path = _unsubscribe_path(mail.outbox[0])
    client = Client(enforce_csrf_checks=True)

    page = client.get(path)
    assert page.status_code == 200
    assert "kapat" in page.content.decode().lower()
    assert not EmailOptOut.objects.filter(user=author).exists()

    done = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert list(EmailOptOut.objects.filter(user=author).values_list("kind", flat=True)) == [emails.ANSWER]


def test_an_author_who_unfollowed_still_hears_of_the_answer_once(proposal, strategist, author, citizens):
    services.proposal_follow(actor=author, proposal=proposal, follow=False)
    services.proposal_follow(actor=citizens[0], proposal=proposal)
    _answer(proposal, strategist)

    assert Notification.objects.filter(user=author, kind="answer").count() == 1
    send_notification_emails.call_local()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([author.email, citizens[0].email])


def test_running_the_task_twice_sends_nothing_more(proposal, strategist):
    _answer(proposal, strategist)
    send_notification_emails.call_local()
    send_notification_emails.call_local()
    assert len(mail.outbox) == 1


def test_two_claims_never_take_the_same_notification(proposal, strategist, citizens):
    for citizen in citizens:
        services.proposal_follow(actor=citizen, proposal=proposal)
    _answer(proposal, strategist)
    ids = set(Notification.objects.values_list("pk", flat=True))
    from django.utils import timezone

    first = emails._claim(3, timezone.now())
    second = emails._claim(100, timezone.now())
    third = emails._claim(100, timezone.now())
    assert len(first) == 3
    assert set(first).isdisjoint(second)
    assert set(first) | set(second) == ids
    assert third == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_notification_once(process, make_user):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race this test looks for needs PostgreSQL")
    from tests.factories import UserFactory

    theme = process.themes.get(code="ULASIM")
    author = UserFactory(role=Role.CITIZEN)
    staff = UserFactory(role=Role.STRATEGY_TEAM, organisation=process.organisation)
    proposal = services.proposal_create(
        actor=author, process=process, theme=theme, title="İki işçi", body="Aynı anda çalışan iki işçi."
    )
    for user in [UserFactory(role=Role.CITIZEN) for _ in range(40)]:
        services.proposal_follow(actor=user, proposal=proposal)
    _answer(proposal, staff)
    barrier = threading.Barrier(4)
    errors = []

    def work():
        from django.db import connections

        try:
            barrier.wait()
            emails.send_pending(limit=7)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == 41
    assert len(set(recipients)) == 41
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_kind_turned_off_sends_nothing_and_is_marked(proposal, strategist, author):
    EmailOptOut.objects.create(user=author, kind=emails.ANSWER)
    _answer(proposal, strategist)

    send_notification_emails.call_local()

    assert mail.outbox == []
    assert Notification.objects.get(user=author).emailed_at is not None


def test_an_unconfirmed_or_erased_person_gets_no_email(proposal, strategist, author, make_user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=author, email=author.email, verified=False, primary=True)
    erased = make_user(Role.CITIZEN, username="silinen")
    services.proposal_follow(actor=erased, proposal=proposal)
    erased.erased_at = erased.date_joined
    erased.save(update_fields=["erased_at"])
    _answer(proposal, strategist)

    result = emails.send_pending()

    assert mail.outbox == []
    assert result.skipped == 2
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_comment_mails_the_followers_but_not_its_writer(proposal, author, citizens):
    services.proposal_follow(actor=citizens[0], proposal=proposal)
    services.comment_create(actor=citizens[1], proposal=proposal, body="Çok iyi bir fikir, destekliyorum.")
    services.proposal_follow(actor=citizens[1], proposal=proposal)
    services.comment_create(actor=citizens[1], proposal=proposal, body="Bir de hafta sonları için.")

    send_notification_emails.call_local()

    assert sorted(m.to[0] for m in mail.outbox) == sorted([author.email, citizens[0].email])
    assert all(m.extra_headers["List-Unsubscribe"] for m in mail.outbox)
    # the author's two comment notifications went out in one e-mail
    to_author = next(m for m in mail.outbox if m.to == [author.email])
    assert to_author.body.count(proposal.get_absolute_url()) == 2
    assert Notification.objects.filter(user=author, kind="comment").count() == 2


def test_a_merge_mails_the_followers_of_the_originals(process, theme, author, citizens, strategist):
    first = services.proposal_create(
        actor=author, process=process, theme=theme, title="Bisiklet yolu", body="Eskişehir yoluna bisiklet yolu."
    )
    second = services.proposal_create(
        actor=citizens[0], process=process, theme=theme, title="Bisiklet şeridi", body="Eskişehir yolunda şerit."
    )
    services.proposal_follow(actor=citizens[1], proposal=second)
    merged = services.proposal_merge(
        actor=strategist, originals=[first, second], title="Eskişehir yolu bisiklet", body="İki öneri birleşti."
    )

    send_notification_emails.call_local()

    assert sorted(m.to[0] for m in mail.outbox) == sorted([author.email, citizens[0].email, citizens[1].email])
    assert all(merged.get_absolute_url() in m.body for m in mail.outbox)
    assert set(Notification.objects.values_list("kind", flat=True)) == {"merge"}


def test_a_mail_server_error_releases_the_notifications_for_the_next_run(proposal, strategist, settings):
    _answer(proposal, strategist)
    settings.EMAIL_BACKEND = "tests.proposals.test_emails.BrokenBackend"
    result = emails.send_pending()
    assert (result.emails, result.failed) == (0, 1)
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert emails.send_pending().emails == 1
    assert len(mail.outbox) == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("connection refused")


def test_notifications_are_not_enqueued_in_immediate_mode(proposal, strategist):
    """Under the tests huey is immediate: nothing is sent until the task runs (deterministic)."""
    _answer(proposal, strategist)
    assert mail.outbox == []


def test_the_command_prints_turkish_counts(proposal, strategist, capsys):
    _answer(proposal, strategist)

    call_command("notifications", "send", "--dry-run")
    assert "1 e-posta gönderilecek" in capsys.readouterr().out
    assert mail.outbox == []

    call_command("notifications", "send")
    assert "1 e-posta gönderildi" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_follow_rows_of_the_author_are_not_doubled(proposal, strategist, author):
    assert Follow.objects.filter(user=author, proposal=proposal).count() == 1
    _answer(proposal, strategist)
    assert Notification.objects.filter(user=author).count() == 1


def test_new_notifications_enqueue_the_sending_once_per_transaction(
    proposal, citizens, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import transaction

    enqueued = []
    monkeypatch.setattr(emails, "_immediate", lambda: False)  # as in production: a worker runs apart
    monkeypatch.setattr(emails, "_enqueue", lambda: enqueued.append(1))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.comment_create(actor=citizens[0], proposal=proposal, body="İlk yorum burada.")
        services.comment_create(actor=citizens[1], proposal=proposal, body="İkinci yorum burada.")
        assert enqueued == []  # not before the commit
    assert enqueued == [1]


def test_the_enqueued_task_sends_the_pending_emails(proposal, strategist):
    _answer(proposal, strategist)
    emails._enqueue()  # huey is immediate under the tests: the task runs now
    assert len(mail.outbox) == 1
