"""A phase that keeps supports to verified participants, as a citizen meets it with JavaScript on:
the refusal (an htmx answer with status 400) is shown in the support box with its link, and after
an SMS code (the locmem SMS backend) the support goes through."""

import re

import pytest

from .conftest import login

pytestmark = pytest.mark.browser


def test_an_unverified_supporter_is_told_why_and_supports_after_an_sms_code(browser, demo_site, settings):
    from ortakakil.core import sms
    from ortakakil.processes.models import Process
    from ortakakil.proposals.models import Proposal, Support

    settings.SMS_BACKEND = "ortakakil.core.sms.LocmemBackend"
    sms.outbox.clear()
    process = Process.objects.get(slug="ankara-2020-2024")
    process.current_phase = process.phases.get(kind="gelecege_bakis")
    process.save(update_fields=["current_phase"])
    proposal = Proposal.objects.filter(process=process, is_hidden=False, merged_into__isnull=True).first()
    assert proposal is not None
    Support.objects.filter(proposal=proposal, user__username="vatandas").delete()

    context = browser.new_context(locale="tr-TR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    login(page, demo_site, "vatandas")
    page.goto(demo_site + proposal.get_absolute_url())
    page.locator("#support-box button").first.click()
    box = page.locator("#support-box")
    box.get_by_text("kimliğinizi doğrulamanız gerekiyor", exact=False).wait_for()
    assert page.title() != ""  # the fragment went into its box, not over the page
    box.get_by_role("link", name="Kimliğinizi doğrulayın →").click()
    page.wait_for_url(re.compile(r"/me/verification/"))

    page.get_by_label("Cep telefonu numarası").fill("0532 123 45 67")
    page.get_by_role("button", name="Bana kod gönder").click()
    page.wait_for_load_state()
    page.reload()  # the code form stays after a reload (nothing is sent again)
    assert len(sms.outbox) == 1
    found = re.search(r"\b(\d{6})\b", sms.outbox[-1].text)
    assert found is not None
    page.get_by_label("SMS'teki kod").fill(found.group(1))
    page.locator("form[action='#sms']").first.get_by_role("button", name="Doğrula").click()
    page.wait_for_url(re.compile(re.escape(demo_site + proposal.get_absolute_url())))  # back on the proposal
    assert page.get_by_text("Kimliğiniz SMS ile doğrulandı.", exact=False).count() >= 1

    page.locator("#support-box button").first.click()
    page.locator("#support-box").get_by_role("button", name="Desteğimi geri çek").wait_for()
    assert Support.objects.filter(proposal=proposal, user__username="vatandas").exists()
    context.close()
