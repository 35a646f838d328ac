"""The measurement pages: a unit's entry page, the evidence upload and download, the strategy
team's review queue. Every refusal also checks that nothing changed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ortakakil.core.models import Role
from ortakakil.monitoring import services
from ortakakil.monitoring.models import Measurement
from ortakakil.planning.models import Indicator

from ..factories import OrganisationFactory, UserFactory
from ..workshops.files import PDF, PNG, office

pytestmark = pytest.mark.django_db

PERIOD = "2025-H1"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def entries_url(process, period=PERIOD):
    return reverse("manage:monitoring_entries", kwargs={"slug": process.slug}) + f"?period={period}"


def save_url(process, indicator, period=PERIOD):
    return reverse("manage:monitoring_entry_save", kwargs={"slug": process.slug, "period": period, "pk": indicator.pk})


def post_value(client, process, indicator, value="41,5", action="save", period=PERIOD, **extra):
    return client.post(save_url(process, indicator, period), {"value": value, "action": action, "note": "", **extra})


def submitted(actor, indicator, value=40.0, period=PERIOD, **data):
    measurement = services.measurement_enter(
        actor=actor, indicator=indicator, period=period, data={"value": value, **data}
    )
    return services.measurement_submit(actor=actor, measurement=measurement)


def test_the_unit_manager_sees_only_its_units_indicators(client, process, plan, transport_manager):
    client.force_login(transport_manager)
    response = client.get(entries_url(process))
    assert response.status_code == 200
    html = response.content.decode()
    own = list(Indicator.objects.filter(goal__aim__plan=plan, goal__responsible_unit=transport_manager.unit))
    others = list(Indicator.objects.filter(goal__aim__plan=plan).exclude(goal__responsible_unit=transport_manager.unit))
    assert own and others
    for indicator in own:
        assert f'id="ind-{indicator.pk}"' in html
    for indicator in others:
        assert f'id="ind-{indicator.pk}"' not in html


def test_the_strategy_team_sees_every_indicator(client, process, plan, strategist):
    client.force_login(strategist)
    html = client.get(entries_url(process)).content.decode()
    assert html.count('class="card measure-card"') == Indicator.objects.filter(goal__aim__plan=plan).count()


def test_the_default_period_is_the_first_ended_one_with_values_missing(
    client, process, plan, transport_manager, monkeypatch
):
    import datetime as dt

    from django.utils import timezone

    from ortakakil.monitoring import selectors, services

    def period_shown():
        response = client.get(reverse("manage:monitoring_entries", kwargs={"slug": process.slug}))
        return response.context["period"]

    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2026, 8, 1))
    client.force_login(transport_manager)
    assert period_shown() == "2025-H1"  # nothing reported yet: the first period that has ended
    mine = list(selectors.indicators_of(transport_manager, plan))
    for period in ("2025-H1", "2025"):
        for indicator in mine:
            entered = services.measurement_enter(
                actor=transport_manager, indicator=indicator, period=period, data={"value": 1}
            )
            services.measurement_submit(actor=transport_manager, measurement=entered)
        if period == "2025-H1":
            assert period_shown() == "2025"
    assert period_shown() == "2026-H1"  # submitted counts as reported: the next one due
    for indicator in mine:
        entered = services.measurement_enter(
            actor=transport_manager, indicator=indicator, period="2026-H1", data={"value": 1}
        )
        services.measurement_submit(actor=transport_manager, measurement=entered)
    assert period_shown() == "2026-H1"  # all reported: the latest that has ended
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2020, 1, 1))
    assert period_shown() == "2025-H1"  # nothing has ended: the first


def test_without_an_approved_plan_the_page_says_so(client, process, draft_plan, strategist):
    client.force_login(strategist)
    response = client.get(reverse("manage:monitoring_entries", kwargs={"slug": process.slug}))
    assert response.status_code == 200
    assert "monitoring/no_plan.html" in [t.name for t in response.templates]
    assert reverse("manage:plan", kwargs={"slug": process.slug}) in response.content.decode()


def test_the_unit_enters_a_value_with_a_decimal_comma_then_submits_it(client, process, indicator, transport_manager):
    client.force_login(transport_manager)
    response = post_value(client, process, indicator, "41,5", "save", note="Sayım")
    assert response.status_code == 302
    measurement = Measurement.objects.get(indicator=indicator, period=PERIOD)
    assert (measurement.value, measurement.state, measurement.note) == (41.5, "draft", "Sayım")
    response = post_value(client, process, indicator, "1.250,75", "submit")
    assert response.status_code == 302
    measurement.refresh_from_db()
    assert (measurement.value, measurement.state) == (1250.75, "submitted")
    page = client.get(entries_url(process)).content.decode()
    assert save_url(process, indicator) not in page  # awaiting review: no form


def test_a_value_that_is_not_a_number_is_shown_on_the_form(client, process, indicator, transport_manager):
    client.force_login(transport_manager)
    response = post_value(client, process, indicator, "kırk bir")
    assert response.status_code == 400
    assert response.context["cards"][0].form.errors["value"]
    assert response.content.decode().count("autofocus") == 1  # the refused card comes into view
    assert not Measurement.objects.exists()


def test_another_units_manager_is_refused_on_a_foreign_indicator(client, process, indicator, other_manager):
    client.force_login(other_manager)
    assert post_value(client, process, indicator, action="submit").status_code == 403
    assert not Measurement.objects.exists()


def test_a_citizen_and_an_anonymous_visitor_are_refused(client, process, indicator, citizen):
    response = post_value(client, process, indicator)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert client.get(entries_url(process)).status_code == 302
    client.force_login(citizen)
    assert post_value(client, process, indicator).status_code == 403
    assert client.get(entries_url(process)).status_code == 403
    assert not Measurement.objects.exists()


def test_a_write_is_post_only(client, process, indicator, transport_manager):
    client.force_login(transport_manager)
    assert client.get(save_url(process, indicator)).status_code == 405


def test_a_png_named_pdf_is_kept_as_the_png_it_is(client, process, indicator, transport_manager, media):
    client.force_login(transport_manager)
    upload = SimpleUploadedFile("sayim.pdf", PNG, content_type="application/pdf")
    assert post_value(client, process, indicator, evidence_file=upload).status_code == 302
    measurement = Measurement.objects.get()
    assert measurement.evidence_file.name.endswith("/sayim.png")


def test_a_replaced_evidence_file_is_removed_from_disk(
    client, process, indicator, transport_manager, media, django_capture_on_commit_callbacks
):
    client.force_login(transport_manager)
    with django_capture_on_commit_callbacks(execute=True):
        post_value(client, process, indicator, evidence_file=SimpleUploadedFile("ilk.png", PNG))
    first = media / Measurement.objects.get().evidence_file.name
    assert first.exists()
    with django_capture_on_commit_callbacks(execute=True):
        post_value(client, process, indicator, evidence_file=SimpleUploadedFile("ikinci.pdf", PDF))
    second = media / Measurement.objects.get().evidence_file.name
    assert second.exists() and second.name == "ikinci.pdf"
    assert not first.exists()
    # A correction without a new file keeps the evidence.
    with django_capture_on_commit_callbacks(execute=True):
        post_value(client, process, indicator)
    assert second.exists() and (media / Measurement.objects.get().evidence_file.name) == second


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("sayim.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("sayim.pdf", b""),
        ("sunum.pptx", office("ppt")),
    ],
)
def test_a_file_that_is_no_allowed_type_is_refused(client, process, indicator, transport_manager, media, name, content):
    client.force_login(transport_manager)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = post_value(client, process, indicator, evidence_file=upload)
    assert response.status_code == 400
    assert response.context["cards"][0].form.errors["evidence_file"]
    assert not Measurement.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*"))


def test_an_xlsx_and_a_docx_are_accepted(client, process, indicator, transport_manager, media):
    client.force_login(transport_manager)
    for name, folder, kind in (("tablo.xlsx", "xl", "xlsx"), ("rapor.docx", "word", "docx")):
        upload = SimpleUploadedFile(name, office(folder))
        assert post_value(client, process, indicator, evidence_file=upload).status_code == 302
        assert Measurement.objects.get().evidence_file.name.endswith(f".{kind}")


def test_a_too_large_file_is_refused(client, process, indicator, transport_manager, media, settings):
    settings.MONITORING_EVIDENCE_MAX_MB = 1
    client.force_login(transport_manager)
    big = SimpleUploadedFile("buyuk.pdf", PDF + b"x" * (1024 * 1024 + 1 - len(PDF)))
    response = post_value(client, process, indicator, evidence_file=big)
    assert response.status_code == 400
    assert "1 MB" in str(response.context["cards"][0].form.fields["evidence_file"].help_text)
    assert response.context["cards"][0].form.errors["evidence_file"]
    assert not Measurement.objects.exists()
    exact = SimpleUploadedFile("tam.pdf", PDF + b"x" * (1024 * 1024 - len(PDF)))
    assert post_value(client, process, indicator, evidence_file=exact).status_code == 302


def test_the_evidence_download_checks_the_permission(
    client, process, indicator, transport_manager, other_manager, citizen, media
):
    measurement = services.measurement_enter(
        actor=transport_manager,
        indicator=indicator,
        period=PERIOD,
        data={"value": 40},
        evidence_file=SimpleUploadedFile("sayim.pdf", PDF),
    )
    url = reverse("manage:monitoring_evidence", kwargs={"slug": process.slug, "pk": measurement.pk})
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    stranger = UserFactory(role=Role.STRATEGY_TEAM, organisation=OrganisationFactory())
    client.force_login(stranger)
    assert client.get(url).status_code in (403, 404)
    client.force_login(transport_manager)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_the_strategy_team_approves_a_value(client, process, indicator, transport_manager, strategist):
    measurement = submitted(transport_manager, indicator, 41.5)
    client.force_login(strategist)
    queue = client.get(reverse("manage:monitoring_review", kwargs={"slug": process.slug}))
    assert [row.measurement for row in queue.context["rows"]] == [measurement]
    response = client.post(reverse("manage:monitoring_approve", kwargs={"slug": process.slug, "pk": measurement.pk}))
    assert response.status_code == 302
    measurement.refresh_from_db()
    indicator.refresh_from_db()
    assert measurement.state == "approved" and measurement.reviewed_by == strategist
    assert indicator.actuals[PERIOD] == 41.5


def test_a_unit_manager_cannot_review(client, process, indicator, transport_manager):
    measurement = submitted(transport_manager, indicator)
    client.force_login(transport_manager)
    assert client.get(reverse("manage:monitoring_review", kwargs={"slug": process.slug})).status_code == 403
    url = reverse("manage:monitoring_approve", kwargs={"slug": process.slug, "pk": measurement.pk})
    assert client.post(url).status_code == 403
    measurement.refresh_from_db()
    assert measurement.state == "submitted"


def test_returning_needs_a_comment_which_the_unit_then_reads(client, process, indicator, transport_manager, strategist):
    measurement = submitted(transport_manager, indicator)
    url = reverse("manage:monitoring_return", kwargs={"slug": process.slug, "pk": measurement.pk})
    client.force_login(strategist)
    assert client.get(url).status_code == 200
    response = client.post(url, {"comment": "   "})
    assert response.status_code == 400 and response.context["form"].errors["comment"]
    measurement.refresh_from_db()
    assert measurement.state == "submitted"
    assert client.post(url, {"comment": "Kanıt dosyası eksik, sayım tutanağını ekleyin."}).status_code == 302
    measurement.refresh_from_db()
    assert (measurement.state, measurement.review_comment) == (
        "returned",
        "Kanıt dosyası eksik, sayım tutanağını ekleyin.",
    )
    client.force_login(transport_manager)
    page = client.get(entries_url(process)).content.decode()
    assert "Kanıt dosyası eksik, sayım tutanağını ekleyin." in page
    assert save_url(process, indicator) in page  # editable again
    assert post_value(client, process, indicator, "42", "submit").status_code == 302
    measurement.refresh_from_db()
    assert (measurement.state, measurement.value) == ("submitted", 42.0)


def test_an_approved_value_is_read_only(client, process, indicator, transport_manager, strategist):
    measurement = services.measurement_approve(actor=strategist, measurement=submitted(transport_manager, indicator))
    client.force_login(transport_manager)
    page = client.get(entries_url(process)).content.decode()
    assert save_url(process, indicator) not in page
    card = next(c for c in client.get(entries_url(process)).context["cards"] if c.indicator == indicator)
    assert card.form is None and not card.editable
    response = post_value(client, process, indicator, "99")
    assert response.status_code == 400
    measurement.refresh_from_db()
    assert (measurement.value, measurement.state) == (40.0, "approved")


def test_bulk_approve_asks_first_then_approves_all_selected(client, process, plan, transport_manager, strategist):
    indicators = list(Indicator.objects.filter(goal__aim__plan=plan, goal__responsible_unit=transport_manager.unit))[:2]
    first, second = (submitted(transport_manager, i) for i in indicators)
    third = submitted(transport_manager, indicators[0], period="2025")
    url = reverse("manage:monitoring_approve_selected", kwargs={"slug": process.slug})
    client.force_login(strategist)
    response = client.post(url, {"selected": [first.pk, second.pk]})
    assert response.status_code == 200 and set(response.context["chosen"]) == {first, second}
    assert Measurement.objects.filter(state="approved").count() == 0
    assert client.post(url, {"selected": [first.pk, second.pk, "x"], "confirmed": "1"}).status_code == 302
    states = dict(Measurement.objects.values_list("pk", "state"))
    assert states == {first.pk: "approved", second.pk: "approved", third.pk: "submitted"}


def test_the_preview_gives_the_realisation_of_a_typed_value(client, process, indicator, transport_manager):
    client.force_login(transport_manager)
    url = reverse(
        "manage:monitoring_entry_preview", kwargs={"slug": process.slug, "period": "2025", "pk": indicator.pk}
    )
    # PG1.1.1: baseline 38, target 39 in 2025 → 38,5 is half way.
    response = client.get(url, {"value": "38,5"})
    assert response.status_code == 200
    assert (response.context["rate"].rate, response.context["rate"].capped) == (50.0, 50.0)
    assert "50" in response.content.decode()
    above = client.get(url, {"value": "40"})  # twice the target's distance: 200, capped at 100
    assert (above.context["rate"].rate, above.context["rate"].capped) == (200.0, 100.0)
    assert "200" in above.content.decode()
    assert client.get(url, {"value": "yok"}).context["rate"].rate is None


def test_writes_are_rate_limited(client, process, indicator, transport_manager, settings):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {"measurement_write": ("1/h", "100/h")}
    client.force_login(transport_manager)
    assert post_value(client, process, indicator, "40").status_code == 302
    assert post_value(client, process, indicator, "41").status_code == 429
    assert Measurement.objects.get().value == 40.0


def test_the_dashboard_links_to_the_pages(client, process, indicator, transport_manager, strategist):
    submitted(transport_manager, indicator)
    client.force_login(transport_manager)
    html = client.get(reverse("manage:dashboard")).content.decode()
    assert reverse("manage:monitoring_entries", kwargs={"slug": process.slug}) in html
    assert reverse("manage:monitoring_review", kwargs={"slug": process.slug}) not in html
    client.force_login(strategist)
    html = client.get(reverse("manage:dashboard")).content.decode()
    assert reverse("manage:monitoring_review", kwargs={"slug": process.slug}) in html
    assert "(1)" in html


def test_the_dashboard_counts_the_values_returned_to_the_unit(
    client, process, indicator, transport_manager, strategist
):
    services.measurement_return(
        actor=strategist, measurement=submitted(transport_manager, indicator), comment="Kanıt eksik."
    )
    client.force_login(transport_manager)
    links = [link.label for link in client.get(reverse("manage:dashboard")).context["my_work"]]
    assert any("(1 " in label and process.title in label for label in links)


def test_the_entry_page_reads_in_a_fixed_number_of_queries(
    client, process, plan, strategist, django_assert_max_num_queries
):
    client.force_login(strategist)
    client.get(entries_url(process))  # sessions, caches
    assert Indicator.objects.filter(goal__aim__plan=plan).count() == 5
    with django_assert_max_num_queries(15):
        response = client.get(entries_url(process))
    assert response.status_code == 200
