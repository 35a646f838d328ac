"""The demo at city scale: proposals with map points and drawn pictures, assigned to the unit of
their theme, three answered by the transport unit's manager; supports in «Geleceğe Bakış» need a
verified participant; loading again changes nothing."""

from __future__ import annotations

from ortakakil.core.models import Role


def test_the_demo_has_points_pictures_assignments_and_unit_answers(ankara_demo):
    from ortakakil.demo.loader import PROCESS_SLUG, load_demo
    from ortakakil.proposals import places
    from ortakakil.proposals.models import Answer, Attachment, Notification, Proposal

    proposals = Proposal.objects.filter(process__slug=PROCESS_SLUG)
    pinned = proposals.filter(latitude__isnull=False)
    assert pinned.count() == proposals.exclude(neighbourhood="").count() > 100
    for proposal in pinned:
        assert places.clean_place(proposal.district, proposal.neighbourhood) == (
            proposal.district,
            proposal.neighbourhood,
        )  # every neighbourhood is one of its district's
        assert places.clean_point(proposal.latitude, proposal.longitude) == (proposal.latitude, proposal.longitude)

    pictures = Attachment.objects.filter(proposal__process__slug=PROCESS_SLUG, kind=Attachment.Kind.IMAGE)
    assert pictures.count() == 4
    assert all(p.alt_text.endswith("(çizim).") and p.thumbnail and p.width <= 2560 for p in pictures)

    assigned = proposals.filter(assigned_unit__isnull=False)
    assert assigned.count() == proposals.filter(merged_into__isnull=True, is_hidden=False).count()
    transport = proposals.filter(theme__code="ULASIM").exclude(merged_into__isnull=False)
    assert {p.assigned_unit.code for p in transport.select_related("assigned_unit")} == {"ULS"}

    by_manager = Answer.objects.filter(author__username="birim", author__role=Role.UNIT_MANAGER)
    assert by_manager.count() == 3
    answered = {a.proposal_id for a in by_manager}
    assert Notification.objects.filter(proposal_id__in=answered, kind=Notification.Kind.ANSWER).exists()

    counts = (pinned.count(), pictures.count(), assigned.count(), by_manager.count())
    load_demo()  # again: nothing is added
    assert (
        proposals.filter(latitude__isnull=False).count(),
        Attachment.objects.filter(proposal__process__slug=PROCESS_SLUG).count(),
        proposals.filter(assigned_unit__isnull=False).count(),
        Answer.objects.filter(author__username="birim").count(),
    ) == counts


def test_supports_in_the_looking_ahead_phase_need_a_verified_participant(ankara_demo):
    from ortakakil.demo.loader import PROCESS_SLUG
    from ortakakil.processes.models import Phase

    phase = Phase.objects.get(process__slug=PROCESS_SLUG, kind="gelecege_bakis")
    assert "supports" in phase.switches
    assert phase.verification_required == ["supports"]
    others = Phase.objects.filter(process__slug=PROCESS_SLUG).exclude(pk=phase.pk)
    assert [p.verification_required for p in others] == [[]] * others.count()
