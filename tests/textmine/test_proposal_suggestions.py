"""«Benzer öneriler» on the proposal form and possible duplicates on the moderation page.

Most tests replace the sentence-embedding model by a fake one that gives texts about the same
subject (by a keyword) nearly the same vector; one test uses the real model."""

from __future__ import annotations

import numpy as np
import pytest
from django.urls import reverse

from ortakakil.core.models import Job, Role
from ortakakil.proposals import services, suggestions
from ortakakil.proposals.models import Proposal
from ortakakil.textmine import embeddings, proposal_suggestions
from ortakakil.textmine.core import embed
from ortakakil.textmine.models import Embedding

pytestmark = pytest.mark.django_db

SUBJECTS = {"otobüs": 0, "otobus": 0, "sefer": 0, "deprem": 1, "toplanma": 1, "park": 2}
HEADINGS = ("Similar proposals exist: would you like to support one?", "Benzer öneriler var")


class FakeModel:
    """Texts that name the same subject get almost the same vector; others are orthogonal."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def query(self, texts: list[str]) -> np.ndarray:
        self.texts.extend(texts)
        out = np.zeros((len(texts), embed.DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            lowered = text.lower()
            subject = next((s for word, s in SUBJECTS.items() if word in lowered), 3 + len(lowered) % 50)
            out[i, subject] = 1.0
            rng = np.random.default_rng(len(text))
            out[i, 100:110] = 0.02 * rng.random(10)
            out[i] /= np.linalg.norm(out[i])
        return out


@pytest.fixture
def fake_model(monkeypatch):
    model = FakeModel()
    monkeypatch.setattr(embed, "_model", lambda: model)
    return model


@pytest.fixture
def ulasim(process):
    return process.themes.get(code="ULASIM")


@pytest.fixture
def afet(process):
    return process.themes.get(code="AFET")


@pytest.fixture
def author(make_user):
    return make_user(Role.CITIZEN, username="yazar")


@pytest.fixture
def writer(make_user):
    return make_user(Role.CITIZEN, username="yazan")


def _propose(author, process, theme, title, body):
    return services.proposal_create(actor=author, process=process, theme=theme, title=title, body=body)


@pytest.fixture
def proposals(process, ulasim, afet, author):
    return {
        "bus": _propose(
            author, process, ulasim, "Gece otobüsü seferleri artırılsın", "Sincan hattında gece sefer yok."
        ),
        "quake": _propose(
            author, process, afet, "Deprem toplanma alanları", "Toplanma alanları tabelayla gösterilsin."
        ),
        "park": _propose(author, process, ulasim, "Park yerleri yetersiz", "Çarşıda araç park edecek yer yok."),
    }


def _similar(client, process, title="", body=""):
    return client.post(reverse("proposal_similar", kwargs={"slug": process.slug}), {"title": title, "body": body})


def test_typing_shows_the_proposal_on_the_same_subject(client, process, proposals, writer, fake_model):
    client.force_login(writer)
    response = _similar(client, process, "Geceleri otobüs bulamıyoruz", "Eve dönmek için otobüs yok.")
    html = response.content.decode()
    assert response.status_code == 200
    assert any(heading in html for heading in HEADINGS)
    assert proposals["bus"].title in html and proposals["bus"].get_absolute_url() in html
    assert proposals["quake"].title not in html and proposals["park"].title not in html
    # the missing embeddings were computed and stored on the way
    assert Embedding.objects.filter(process=process, kind="proposal").count() == 3


def test_empty_text_shows_nothing_and_embeds_nothing(client, process, proposals, writer, fake_model):
    client.force_login(writer)
    response = _similar(client, process, "  ", "")
    assert response.status_code == 200
    assert response.content.decode().strip() == ""
    assert fake_model.texts == []


def test_unrelated_text_shows_nothing(client, process, proposals, writer, fake_model):
    client.force_login(writer)
    html = _similar(client, process, "Kütüphane saatleri uzasın", "Hafta sonu da açık olsun.").content.decode()
    assert not any(heading in html for heading in HEADINGS)


def test_hidden_and_merged_proposals_are_never_suggested(
    client, process, proposals, ulasim, author, writer, strategist, fake_model
):
    other = _propose(author, process, ulasim, "Otobüs seferleri sıklaşsın", "Sabahları otobüs sefer sayısı az.")
    services.content_moderate(actor=strategist, hide=True, reason="Reklam", proposal=proposals["bus"])
    client.force_login(writer)
    html = _similar(client, process, "Otobüs seferleri", "Gece otobüs seferi olsun.").content.decode()
    assert other.title in html and proposals["bus"].title not in html
    merged = services.proposal_merge(
        actor=strategist, originals=[other, proposals["park"]], title="Ulaşım önerileri", body="İki öneri birleşti."
    )
    html = _similar(client, process, "Otobüs seferleri", "Gece otobüs seferi olsun.").content.decode()
    assert other.title not in html
    assert merged.is_merged is False and Proposal.objects.filter(merged_into=merged).count() == 2


def test_typing_is_rate_limited(client, settings, process, proposals, writer, fake_model):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {suggestions.SIMILAR_SCOPE: ("2/m", "100/m")}
    client.force_login(writer)
    assert _similar(client, process, "Otobüs", "Gece otobüs yok").status_code == 200
    assert _similar(client, process, "Otobüs", "Gece otobüs yok.").status_code == 200
    embedded = len(fake_model.texts)
    response = _similar(client, process, "Otobüs", "Gece otobüs yok!")
    assert response.status_code == 429
    assert response.content.decode().strip() == ""
    assert len(fake_model.texts) == embedded  # nothing was computed for the refused request


def test_only_the_beginning_of_a_long_text_is_embedded(client, process, proposals, writer, fake_model):
    client.force_login(writer)
    _similar(client, process, "Otobüs " * 400, "sefer " * 5000)
    typed = fake_model.texts[-1]
    assert typed.startswith("Otobüs")
    assert len(typed) <= suggestions.TEXT_MAX


def test_similar_needs_login_and_a_post(client, process, proposals, writer, fake_model):
    response = _similar(client, process, "Otobüs", "Gece otobüs yok")
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(writer)
    assert client.get(reverse("proposal_similar", kwargs={"slug": process.slug})).status_code == 405
    assert fake_model.texts == []


def test_create_page_asks_while_typing_and_edit_page_does_not(client, process, proposals, author):
    client.force_login(author)
    url = reverse("proposal_similar", kwargs={"slug": process.slug})
    html = client.get(reverse("proposal_create", kwargs={"slug": process.slug})).content.decode()
    assert f'hx-post="{url}"' in html and 'id="similar-proposals"' in html
    assert "keyup changed delay:600ms" in html
    edit = client.get(
        reverse("proposal_edit", kwargs={"slug": process.slug, "pk": proposals["bus"].pk})
    ).content.decode()
    assert url not in edit and "similar-proposals" not in edit


def test_a_backlog_is_embedded_in_a_background_job(
    client, settings, monkeypatch, process, proposals, writer, fake_model, django_capture_on_commit_callbacks
):
    settings.TEXTMINE_EMBED_IN_BACKGROUND = True
    monkeypatch.setattr(embeddings, "INLINE_MAX", 2)
    client.force_login(writer)
    with django_capture_on_commit_callbacks(execute=True):
        html = _similar(client, process, "Otobüs", "Gece otobüs yok").content.decode()
    assert proposals["bus"].title not in html  # not embedded yet when the request ran
    job = Job.objects.get(kind=embeddings.JOB_KIND)
    assert job.status == Job.Status.DONE
    assert Embedding.objects.filter(process=process).count() == 3
    assert proposals["bus"].title in _similar(client, process, "Otobüs", "Gece otobüs yok").content.decode()


def test_a_new_or_edited_proposal_is_embedded_after_the_commit(
    settings, process, ulasim, author, fake_model, django_capture_on_commit_callbacks
):
    settings.TEXTMINE_EMBED_IN_BACKGROUND = True
    with django_capture_on_commit_callbacks(execute=True):
        proposal = _propose(author, process, ulasim, "Otobüs durakları", "Duraklara saçak yapılsın.")
    first = Embedding.objects.get(kind="proposal", object_id=proposal.pk)
    assert first.text_hash == embeddings.text_hash("Otobüs durakları. Duraklara saçak yapılsın.")
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_edit(actor=author, proposal=proposal, title="Otobüs durakları", body="Banklar konulsun.")
    assert Embedding.objects.get(kind="proposal", object_id=proposal.pk).text_hash != first.text_hash
    assert Embedding.objects.count() == 1


def test_moderation_lists_a_duplicate_pair_for_staff(
    client, process, proposals, ulasim, author, strategist, fake_model
):
    twin = _propose(author, process, ulasim, "Gece otobüs seferi konulsun", "Sincan hattına gece otobüs sefer.")
    client.force_login(strategist)
    html = client.get(reverse("proposals_manage:moderation", kwargs={"slug": process.slug})).content.decode()
    merge = reverse("proposals_manage:merge", kwargs={"slug": process.slug})
    pair = sorted([proposals["bus"].pk, twin.pk])
    assert 'id="duplicates"' in html
    assert f"{merge}?ids={pair[0]},{pair[1]}" in html
    assert proposals["quake"].title not in html
    # the merge page opens with the pair filled in
    assert f'value="{pair[0]},{pair[1]}"' in client.get(f"{merge}?ids={pair[0]},{pair[1]}").content.decode()


def test_moderation_duplicates_are_forbidden_to_citizens(client, process, proposals, writer, fake_model):
    client.force_login(writer)
    response = client.get(reverse("proposals_manage:moderation", kwargs={"slug": process.slug}))
    assert response.status_code == 403
    assert proposals["bus"].title not in response.content.decode()
    assert fake_model.texts == []


def test_the_real_model_finds_a_paraphrase(client, process, ulasim, afet, author, writer):
    """Different words, same request: covered bus stops."""
    stop = _propose(
        author,
        process,
        ulasim,
        "Duraklar korunaksız",
        "Durakların çoğunda ne oturak var ne saçak, kışın karda bekliyoruz.",
    )
    _propose(author, process, afet, "Deprem toplanma alanları", "Toplanma alanları tabelalarla işaretlensin.")
    _propose(author, process, ulasim, "Bisiklet yolu yapılsın", "Üniversite ile çarşı arasında bisiklet yolu olsun.")
    client.force_login(writer)
    html = _similar(
        client, process, "Bekleme yerlerine çatı", "Otobüs beklerken yağmurda ıslanıyoruz, oturacak bank da yok."
    ).content.decode()
    assert stop.title in html
    assert html.index(stop.title) < min(
        (html.index(t) for t in ("Deprem toplanma alanları", "Bisiklet yolu yapılsın") if t in html), default=len(html)
    )


def test_many_proposals_are_compared_in_a_background_job(
    client,
    settings,
    monkeypatch,
    process,
    proposals,
    ulasim,
    author,
    strategist,
    fake_model,
    django_capture_on_commit_callbacks,
):
    twin = _propose(author, process, ulasim, "Gece otobüs seferi konulsun", "Sincan hattına gece otobüs sefer.")
    settings.TEXTMINE_EMBED_IN_BACKGROUND = True
    monkeypatch.setattr(proposal_suggestions, "DUPLICATES_INLINE_MAX", 3)
    client.force_login(strategist)
    url = reverse("proposals_manage:moderation", kwargs={"slug": process.slug})
    with django_capture_on_commit_callbacks(execute=True):
        html = client.get(url).content.decode()
    assert twin.title not in html  # on its way
    assert Job.objects.get(kind=proposal_suggestions.DUPLICATES_JOB_KIND).status == Job.Status.DONE
    html = client.get(url).content.decode()
    assert twin.title in html and proposals["bus"].title in html
