import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ortakakil.core.models import Role
from ortakakil.proposals import services
from ortakakil.proposals.models import Comment, ModerationAction, Notification, Proposal, Support

pytestmark = pytest.mark.django_db


def test_proposal_create_strips_and_follows(proposal, author):
    assert proposal.supports_count == 0
    assert proposal.follows.filter(user=author).exists()
    assert proposal.history.first().history_user == author


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [
        ("", "Yeterince uzun bir metin.", "title"),
        ("Başlık tamam", "  ", "body"),
        ("x" * 151, "Uzun bir metin.", "title"),
        ("Başlık tamam", "y" * 5001, "body"),
    ],
)
def test_empty_or_oversized_texts_are_refused(process, theme, author, title, body, field):
    with pytest.raises(ValidationError) as error:
        services.proposal_create(actor=author, process=process, theme=theme, title=title, body=body)
    assert field in error.value.message_dict
    assert not Proposal.objects.exists()


def test_no_proposals_outside_the_participation_phase(process, theme, author):
    process.current_phase = process.phases.get(kind="hazirlik")
    process.save()
    with pytest.raises(ValidationError) as error:
        services.proposal_create(actor=author, process=process, theme=theme, title="Bir öneri", body="Bir öneri metni.")
    assert error.value.messages == ["Mevcut aşamada yeni öneri kabul edilmiyor."]
    assert not Proposal.objects.exists()


def test_theme_of_another_process_is_refused(process, author):
    from tests.factories import ThemeFactory

    foreign = ThemeFactory()
    with pytest.raises(ValidationError):
        services.proposal_create(actor=author, process=process, theme=foreign, title="Bir öneri", body="Öneri metni.")


def test_support_is_idempotent_and_withdrawable(proposal, citizens):
    assert services.proposal_support(actor=citizens[0], proposal=proposal) == (True, 1)
    assert services.proposal_support(actor=citizens[0], proposal=proposal) == (False, 1)
    assert services.proposal_support(actor=citizens[1], proposal=proposal) == (True, 2)
    assert services.proposal_unsupport(actor=citizens[0], proposal=proposal) == (True, 1)
    assert services.proposal_unsupport(actor=citizens[0], proposal=proposal) == (False, 1)
    assert Support.objects.filter(proposal=proposal).count() == 1


def test_no_support_on_hidden_or_merged_or_closed(proposal, citizens, strategist, process, theme, author):
    services.content_moderate(actor=strategist, hide=True, reason="Spam", proposal=proposal)
    proposal.refresh_from_db()
    with pytest.raises(ValidationError, match="gizlendi"):
        services.proposal_support(actor=citizens[0], proposal=proposal)

    other = services.proposal_create(
        actor=author, process=process, theme=theme, title="Başka öneri", body="Başka bir metin."
    )
    process.current_phase = process.phases.get(kind="hazirlik")
    process.save()
    other.refresh_from_db()
    with pytest.raises(ValidationError, match="kapalı"):
        services.proposal_support(actor=citizens[0], proposal=other)
    assert not Support.objects.exists()


def test_comment_notifies_followers_but_not_the_commenter(proposal, citizens, author):
    comment = services.comment_create(actor=citizens[0], proposal=proposal, body="Katılıyorum.", stance="for")
    reply = services.comment_create(actor=author, proposal=proposal, body="Teşekkürler.", parent=comment)
    assert reply.parent == comment
    proposal.refresh_from_db()
    assert proposal.comments_count == 2
    assert Notification.objects.filter(user=author).count() == 1


def test_reply_must_stay_on_the_same_proposal(proposal, process, theme, author, citizens):
    other = services.proposal_create(
        actor=author, process=process, theme=theme, title="Başka öneri", body="Başka metin."
    )
    comment = services.comment_create(actor=citizens[0], proposal=other, body="Yorum")
    with pytest.raises(ValidationError):
        services.comment_create(actor=citizens[0], proposal=proposal, body="Yanıt", parent=comment)


def test_answer_needs_staff_and_a_reason_for_rejection(proposal, strategist, citizens, author):
    with pytest.raises(PermissionDenied):
        services.proposal_answer(actor=citizens[0], proposal=proposal, state="accepted", text="Kabul edildi.")
    with pytest.raises(ValidationError):
        services.proposal_answer(actor=strategist, proposal=proposal, state="rejected", text="Reddedildi.")
    services.proposal_answer(
        actor=strategist, proposal=proposal, state="rejected", text="Uygun değil.", reason="Yetki dışı"
    )
    proposal.refresh_from_db()
    assert proposal.answer_state == "rejected"
    assert Notification.objects.filter(user=author).exists()


def test_merge_keeps_the_union_of_supporters_once(process, theme, author, citizens, strategist):
    a = services.proposal_create(
        actor=author, process=process, theme=theme, title="Bisiklet yolu", body="Bisiklet yolu yapılsın."
    )
    b = services.proposal_create(
        actor=author, process=process, theme=theme, title="Bisiklet şeridi", body="Şerit istiyoruz."
    )
    for user in citizens[:3]:
        services.proposal_support(actor=user, proposal=a)
    for user in citizens[2:]:
        services.proposal_support(actor=user, proposal=b)  # citizens[2] supports both

    merged = services.proposal_merge(
        actor=strategist, originals=[a, b], title="Bisiklet ağı", body="Birleşik bisiklet önerisi."
    )

    assert merged.supports_count == 5
    assert set(merged.supports.values_list("user_id", flat=True)) == {u.pk for u in citizens}
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.merged_into, b.merged_into) == (merged, merged)
    assert (a.supports_count, b.supports_count) == (3, 3)  # originals stay readable as they were
    with pytest.raises(ValidationError):
        services.proposal_support(actor=citizens[0], proposal=a)


def test_merge_refuses_a_single_or_already_merged_proposal(proposal, strategist, process, theme, author):
    with pytest.raises(ValidationError):
        services.proposal_merge(actor=strategist, originals=[proposal], title="Tek başına", body="Olmaz bu iş.")


def test_reports_auto_hide_and_moderators_restore(proposal, citizens, strategist, settings):
    settings.PROPOSAL_AUTO_HIDE_REPORTS = 2
    assert services.content_report(actor=citizens[0], reason="Reklam", proposal=proposal) is False
    with pytest.raises(ValidationError):
        services.content_report(actor=citizens[0], reason="Yine reklam", proposal=proposal)
    assert services.content_report(actor=citizens[1], reason="Spam", proposal=proposal) is True
    services.content_moderate(actor=strategist, hide=False, reason="Uygun içerik", proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.is_hidden is False
    assert list(ModerationAction.objects.values_list("action", flat=True)) == ["restore", "auto_hide"]
    assert Proposal.objects.filter(pk=proposal.pk).exists()


def test_citizens_cannot_moderate(proposal, citizens):
    with pytest.raises(PermissionDenied):
        services.content_moderate(actor=citizens[0], hide=True, reason="Beğenmedim", proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.is_hidden is False


def test_comment_reports_hide_the_comment(proposal, citizens, settings):
    settings.PROPOSAL_AUTO_HIDE_REPORTS = 1
    comment = services.comment_create(actor=citizens[0], proposal=proposal, body="Kaba bir yorum")
    services.content_report(actor=citizens[1], reason="Hakaret", comment=comment)
    assert Comment.objects.get(pk=comment.pk).is_hidden


def test_edit_window(proposal, author, citizens, settings):
    services.proposal_edit(actor=author, proposal=proposal, title="Gece seferleri", body="Daha kısa bir metin.")
    with pytest.raises(PermissionDenied):
        services.proposal_edit(actor=citizens[0], proposal=proposal, title="Ele geçirdim", body="Başkasının metni.")
    settings.PROPOSAL_EDIT_MINUTES = 0
    with pytest.raises(ValidationError):
        services.proposal_edit(actor=author, proposal=proposal, title="Geç kaldım", body="Süre doldu artık.")
    proposal.refresh_from_db()
    assert proposal.title == "Gece seferleri"


def test_staff_role_cannot_answer_for_another_organisation(proposal):
    from tests.factories import OrganisationFactory, UserFactory

    outsider = UserFactory(role=Role.STRATEGY_TEAM, organisation=OrganisationFactory())
    with pytest.raises(PermissionDenied):
        services.proposal_answer(actor=outsider, proposal=proposal, state="accepted", text="Kabul.")
