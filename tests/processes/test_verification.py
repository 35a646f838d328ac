"""A phase that reserves an action to verified participants (``processes/verification.py``):
supports refused for an unverified person (service, page, API) and accepted after verifying."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ortakakil.core import sms
from ortakakil.core import verification as core_verification
from ortakakil.core.models import Role, Verification
from ortakakil.processes import verification
from ortakakil.proposals import services
from ortakakil.proposals.models import Support

pytestmark = pytest.mark.django_db

REFUSAL = "Bu aşamada önerileri desteklemek için kimliğinizi doğrulamanız gerekiyor."


@pytest.fixture
def proposal(process, make_user):
    author = make_user(Role.CITIZEN, username="yazar")
    return services.proposal_create(
        actor=author,
        process=process,
        theme=process.themes.get(code="ULASIM"),
        title="Gece otobüsü seferleri artırılsın",
        body="Kızılay ile Sincan arasında gece seferi yok, artırılmalı.",
    )


@pytest.fixture
def verified_phase(process):
    phase = process.current_phase
    phase.verification_required = ["supports"]
    phase.save()
    return phase


def _verify_by_sms(user, capture):
    sms.outbox.clear()
    with capture(execute=True):
        core_verification.sms_send_code(actor=user, phone="0532 765 43 21")
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1].text).group(1)
    core_verification.sms_confirm(actor=user, phone="0532 765 43 21", code=code)


def test_the_apps_register_their_actions():
    keys = {action.key for action in verification.actions()}
    assert {"supports", "budget_votes", "survey_answers"} <= keys


def test_no_requirement_no_check(process, proposal, citizen):
    assert services.proposal_support(actor=citizen, proposal=proposal)[0] is True


def test_service_refuses_an_unverified_supporter_then_accepts_after_sms(
    verified_phase, proposal, citizen, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = sms.LOCMEM
    with pytest.raises(verification.VerificationRequired) as error:
        services.proposal_support(actor=citizen, proposal=proposal)
    assert error.value.messages == [REFUSAL]
    assert error.value.url == "/me/verification/"
    assert not Support.objects.exists()
    _verify_by_sms(citizen, django_capture_on_commit_callbacks)
    assert services.proposal_support(actor=citizen, proposal=proposal)[0] is True


def test_accepted_methods_are_honoured(verified_phase, proposal, citizen, make_user):
    verified_phase.verification_methods = ["census"]
    verified_phase.save()
    staff = make_user(Role.FACILITATOR, username="kapi")
    core_verification.verify_in_person(actor=staff, person=citizen, place="Çalıştay")
    with pytest.raises(verification.VerificationRequired) as error:
        services.proposal_support(actor=citizen, proposal=proposal)
    assert "Nüfus listesi" in error.value.messages[0]


def test_an_expired_verification_no_longer_counts(verified_phase, proposal, citizen, make_user):
    core_verification.verify_in_person(actor=make_user(Role.FACILITATOR), person=citizen, place="Kapı")
    Verification.objects.update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(verification.VerificationRequired):
        services.proposal_support(actor=citizen, proposal=proposal)


def test_page_shows_the_turkish_message_with_the_link(client, verified_phase, proposal, citizen):
    client.force_login(citizen)
    url = reverse("proposal_support", kwargs={"slug": proposal.process.slug, "pk": proposal.pk})
    htmx = client.post(url, {"action": "support"}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 400
    body = htmx.content.decode()
    assert REFUSAL in body
    assert 'href="/me/verification/?next=%2Fprocesses%2F' in body and "Kimliğinizi doğrulayın →" in body
    plain = client.post(url, {"action": "support"}, follow=True)
    page = plain.content.decode()
    assert REFUSAL in page and 'href="/me/verification/?next=%2Fprocesses%2F' in page
    assert not Support.objects.exists()


def test_api_answers_403_with_the_message(verified_phase, proposal, citizen, make_user):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=citizen).key}")
    response = api.post(f"/api/v1/proposals/{proposal.pk}/support/")
    assert response.status_code == 403
    assert response.json() == {
        "detail": REFUSAL,
        "code": "verification_required",
        "verification_url": "/me/verification/",
    }
    core_verification.verify_in_person(actor=make_user(Role.FACILITATOR), person=citizen, place="Kapı")
    assert api.post(f"/api/v1/proposals/{proposal.pk}/support/").status_code == 201


def test_verified_status_is_never_public(client, verified_phase, proposal, citizen, make_user):
    core_verification.verify_in_person(actor=make_user(Role.FACILITATOR), person=citizen, place="Gizli Yer")
    services.proposal_support(actor=citizen, proposal=proposal)
    page = client.get(proposal.get_absolute_url()).content.decode()
    api = APIClient().get(f"/api/v1/proposals/{proposal.pk}/").content.decode()
    for text in (page, api):
        assert "Gizli Yer" not in text and "verified_by" not in text and "in_person" not in text


def test_phase_form_offers_the_actions_and_methods(client, process, strategist):
    client.force_login(strategist)
    phase = process.current_phase
    url = reverse("manage:phase_edit", kwargs={"slug": process.slug, "pk": phase.pk})
    form = client.get(url).content.decode()
    assert 'value="supports"' in form and 'value="sms"' in form
    response = client.post(
        url,
        {
            "kind": phase.kind,
            "name": phase.name,
            "starts_on": phase.starts_on.isoformat(),
            "ends_on": phase.ends_on.isoformat(),
            "switches": phase.switches,
            "verification_required": ["supports", "survey_answers"],
            "verification_methods": ["sms", "census"],
        },
    )
    assert response.status_code == 302
    phase.refresh_from_db()
    assert phase.verification_required == ["supports", "survey_answers"]
    assert phase.verification_methods == ["sms", "census"]
    bad = client.post(
        url,
        {
            "kind": phase.kind,
            "name": phase.name,
            "starts_on": phase.starts_on.isoformat(),
            "ends_on": phase.ends_on.isoformat(),
            "verification_required": ["nothing_like_this"],
        },
    )
    assert bad.status_code == 400
