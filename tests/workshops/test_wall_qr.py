import pytest

from ortakakil.workshops.models import WorkshopTable

from ..core.test_qr import dark_modules, expected_modules
from ..factories import WorkshopFactory

pytestmark = pytest.mark.django_db


def test_the_wall_shows_the_tables_phone_link_as_a_qr_code(client, process, settings):
    workshop = WorkshopFactory(process=process)
    WorkshopTable.objects.create(workshop=workshop, theme=process.themes.get(code="AFET"), code="AFT7")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the words below are the English msgids
    html = client.get("/t/AFT7/wall/").content.decode()
    assert '<html lang="en">' in html
    figure = html[html.index('<figure class="wall-join"') : html.index("</figure>")]
    svg = figure[figure.index("<svg") : figure.index("</svg>") + len("</svg>")]
    assert dark_modules(svg) == expected_modules("http://testserver/t/AFT7/")
    assert 'role="img"' in svg
    caption = figure[figure.index("<figcaption") :]
    assert "This table on your phone: <span" in caption and ">AFT7</span>" in caption


def test_the_htmx_refresh_of_the_wall_does_not_resend_the_qr_code(client, process):
    workshop = WorkshopFactory(process=process)
    WorkshopTable.objects.create(workshop=workshop, theme=process.themes.get(code="AFET"), code="AFT7")
    response = client.get("/t/AFT7/wall/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and html.strip().startswith('<ul id="wall"')
    assert "<svg" not in html


def test_the_wall_shows_the_full_address_a_legend_and_no_site_header(client, process, settings):
    workshop = WorkshopFactory(process=process)
    WorkshopTable.objects.create(workshop=workshop, theme=process.themes.get(code="AFET"), code="AFT7")
    html = client.get("/t/AFT7/wall/").content.decode()
    assert "http://testserver/t/AFT7/" in html and "<strong>http://testserver/t/</strong>" in html
    assert 'class="site-header"' not in html and "/accounts/login/" not in html and "Giriş yap" not in html
    legend = html[html.index('class="wall-legend"') : html.index("</ul>", html.index('class="wall-legend"'))]
    for label in ("Öneri", "Sorun", "Güçlü yön", "Zayıf yön", "Fırsat", "Tehdit", "PESTLE etkeni"):
        assert label in legend
    settings.SITE_URL = "https://katilim.example.org"
    html = client.get("/t/AFT7/wall/").content.decode()
    assert "https://katilim.example.org/t/AFT7/" in html and "http://testserver" not in html


def test_the_wall_says_how_phones_join_and_when_they_no_longer_can(client, process):
    import datetime as dt

    from django.utils import timezone

    workshop = WorkshopFactory(process=process)
    WorkshopTable.objects.create(workshop=workshop, theme=process.themes.get(code="AFET"), code="AFT7")
    workshop.phones_open_until = timezone.now() + dt.timedelta(hours=1)
    workshop.save()
    html = client.get("/t/AFT7/wall/").content.decode()
    assert "davetinizdeki kişisel bağlantıyı telefonunuzda açın" in html
    workshop.phones_open_until = None
    workshop.date = timezone.localdate() - dt.timedelta(days=3)
    workshop.save()
    html = client.get("/t/AFT7/wall/").content.decode()
    assert "Bu masa artık telefonlardan fikir ya da nokta almıyor" in html
    assert "kişisel bağlantıyı telefonunuzda açın" not in html
