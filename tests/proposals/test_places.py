"""A district typed in any letter case or without Turkish letters is stored as the district's
proper name, so the district filter finds the proposal; the filter lists districts in Turkish
alphabetical order."""

import pytest
from django.urls import reverse

from ortakakil.proposals import services
from ortakakil.proposals.places import canonical_district, districts

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["cankaya", "ÇANKAYA", " Çankaya ", "CANKAYA"])
def test_known_districts_get_their_proper_name(typed):
    assert canonical_district(typed) == "Çankaya"


def test_an_unknown_place_is_kept_as_typed():
    assert canonical_district("  Kızılay   Meydanı ") == "Kızılay Meydanı"


def test_the_filter_finds_a_proposal_whose_district_was_typed_without_turkish_letters(client, process, author):
    theme = process.themes.get(code="ULASIM")
    services.proposal_create(
        actor=author, process=process, theme=theme, title="Gece otobüsü", body="Gece otobüsü olsun.", district="cankaya"
    )
    services.proposal_create(
        actor=author,
        process=process,
        theme=theme,
        title="Bisiklet yolu",
        body="Bisiklet yolu olsun.",
        district="sincan",
    )
    services.proposal_create(
        actor=author, process=process, theme=theme, title="Otopark alanı", body="Otopark yapılsın.", district="altindag"
    )
    url = reverse("proposal_list", kwargs={"slug": process.slug})
    html = client.get(url, {"district": "Çankaya"}).content.decode()
    assert "Gece otobüsü" in html and "Bisiklet yolu" not in html
    options = client.get(url).context["districts"]
    # stored by their proper names, so the filter offers the 25 districts once each, no «cankaya»
    assert options == districts() and len(options) == 25
    assert "cankaya" not in options and options.index("Altındağ") < options.index("Çankaya") < options.index("Sincan")
