"""A phase that reserves budget votes to verified participants."""

import pytest

from ortakakil.core import verification as core_verification
from ortakakil.core.models import Role
from ortakakil.portfolio import ballots
from ortakakil.portfolio.models import Ballot, BudgetRound, Project
from ortakakil.processes.verification import VerificationRequired

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget_round(process):
    phase = process.current_phase
    phase.switches = [*phase.switches, "budget_voting"]
    phase.verification_required = ["budget_votes"]
    phase.verification_methods = ["in_person"]
    phase.save()
    theme = process.themes.get(code="ULASIM")
    project = Project.objects.create(process=process, code="P1", title="Bisiklet yolu", theme=theme, costs={"2025": 1})
    budget = BudgetRound.objects.create(
        process=process,
        theme=theme,
        slug="ulasim-2025",
        title="Ulaşım bütçesi",
        budget=10,
        state=BudgetRound.State.OPEN,
    )
    budget.projects.set([project])
    return budget, project


def test_unverified_ballot_refused_then_accepted(budget_round, citizen, make_user):
    budget, project = budget_round
    with pytest.raises(VerificationRequired) as error:
        ballots.ballot_cast(actor=citizen, budget_round=budget, choices={str(project.pk): 1})
    assert error.value.messages[0].startswith("Bu aşamada bütçe oylamasına katılmak için")
    assert not Ballot.objects.exists()
    core_verification.verify_in_person(actor=make_user(Role.FACILITATOR), person=citizen, place="Ofis")
    _ballot, created = ballots.ballot_cast(actor=citizen, budget_round=budget, choices={str(project.pk): 1})
    assert created
