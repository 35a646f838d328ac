"""A phase that reserves survey answers to verified participants."""

import pytest

from ortakakil.core import verification as core_verification
from ortakakil.core.models import Role
from ortakakil.processes.verification import VerificationRequired
from ortakakil.surveys import services
from ortakakil.surveys.models import Response

from .conftest import GOOD

pytestmark = pytest.mark.django_db


def test_unverified_answer_refused_then_accepted(survey, citizen, make_user):
    phase = survey.process.current_phase
    phase.verification_required = ["survey_answers"]
    phase.save()
    with pytest.raises(VerificationRequired) as error:
        services.survey_respond(actor=citizen, survey=survey, answers=GOOD)
    assert error.value.messages == ["Bu aşamada anketleri yanıtlamak için kimliğinizi doğrulamanız gerekiyor."]
    assert not Response.objects.exists()
    core_verification.verify_in_person(actor=make_user(Role.FACILITATOR), person=citizen, place="Ofis")
    assert services.survey_respond(actor=citizen, survey=survey, answers=GOOD)
