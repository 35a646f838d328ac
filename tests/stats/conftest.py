"""A small process with every kind of contribution, visible and not, for the statistics tests.

Expected figures (what the public sees):
* proposals 7: five in Çankaya (yazar0–4), one in Sincan (yazar5, theme AFET), one imported in
  Mamak (no author); a hidden one and one merged into another are left out;
* supports 3 (destek6–8 on the Sincan proposal); the one on the hidden proposal is left out;
* comments 2 (yazar1 and destek6); a hidden comment and a comment on the hidden proposal left out;
* survey responses 3: two anonymous (keys), one by yazar0;
* workshop ideas 2: one from a checked-in participant's phone, one typed by the facilitator for a
  university; a withdrawn idea left out;
* participants 13: nine accounts (yazar0–5, destek6–8), two anonymous survey keys, two checked-in
  invitations (one of them also sent the phone idea).
"""

import datetime as dt

import pytest
from django.utils import timezone

from ortakakil.core.models import Role
from ortakakil.proposals.models import Comment, Proposal, Support
from ortakakil.surveys.models import Response, Survey
from ortakakil.workshops.models import Idea, Invitation, WorkshopTable
from tests.factories import StakeholderFactory, WorkshopFactory


@pytest.fixture
def people(make_user):
    names = [f"yazar{n}" for n in range(6)] + [f"destek{n}" for n in range(6, 9)] + ["gizli9"]
    return [make_user(Role.CITIZEN, username=name) for name in names]


def _proposal(process, theme, author, district, **kwargs):
    return Proposal.objects.create(
        process=process,
        theme=theme,
        author=author,
        title=f"Öneri {district}",
        body="Metin",
        district=district,
        **kwargs,
    )


@pytest.fixture
def world(process, organisation, people):
    ulasim, afet = process.themes.get(code="ULASIM"), process.themes.get(code="AFET")
    cankaya = [_proposal(process, ulasim, people[n], "Çankaya") for n in range(5)]
    sincan = _proposal(process, afet, people[5], "Sincan")
    _proposal(process, ulasim, None, "Mamak", source=Proposal.Source.IMPORT)
    hidden = _proposal(process, ulasim, people[9], "Çankaya", is_hidden=True)
    _proposal(process, ulasim, people[9], "Çankaya", merged_into=cankaya[0])
    for n in (6, 7, 8):
        Support.objects.create(proposal=sincan, user=people[n])
    Support.objects.create(proposal=hidden, user=people[9])
    Comment.objects.create(proposal=cankaya[2], author=people[1], body="Katılıyorum")
    Comment.objects.create(proposal=sincan, author=people[6], body="Evet")
    Comment.objects.create(proposal=sincan, author=people[9], body="Gizli", is_hidden=True)
    Comment.objects.create(proposal=hidden, author=people[9], body="Görünmez")

    anonymous = Survey.objects.create(process=process, slug="anket", title="Anket", is_anonymous=True)
    named = Survey.objects.create(process=process, slug="adli", title="Adlı anket", is_anonymous=False)
    Response.objects.create(survey=anonymous, respondent_key="k1", answers={})
    Response.objects.create(survey=anonymous, respondent_key="k2", answers={})
    Response.objects.create(survey=named, respondent=people[0], respondent_key="k3", answers={})

    workshop = WorkshopFactory(process=process)
    table = WorkshopTable.objects.create(workshop=workshop, theme=ulasim, code="MASA1")
    university = StakeholderFactory(organisation=organisation, type="universite")
    chamber = StakeholderFactory(organisation=organisation, type="meslek_odasi")
    now = timezone.now()
    phone_person = Invitation.objects.create(workshop=workshop, stakeholder=chamber, token="t1", checked_in_at=now)
    Invitation.objects.create(workshop=workshop, stakeholder=university, token="t2", seated_at=now)
    absent = StakeholderFactory(organisation=organisation, type="stk")
    Invitation.objects.create(workshop=workshop, stakeholder=absent, token="t3")  # never came
    Idea.objects.create(table=table, text="Telefondan", participant=phone_person)
    Idea.objects.create(table=table, text="Masadan", speaker=university)
    Idea.objects.create(table=table, text="Geri çekildi", withdrawn_at=now - dt.timedelta(minutes=1))
    return {"cankaya": cankaya, "sincan": sincan, "hidden": hidden}
