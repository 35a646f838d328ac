"""The situation analysis workspace, looking ahead and the sources page on a phone (390 px) and a
laptop (1366 px): nothing scrolls sideways — each table row becomes a card on the phone — axe
finds nothing serious, and a SWOT item of the workshops is adopted with one press."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import login, serious_violations

pytestmark = pytest.mark.browser

PROCESS = "ankara-2020-2024"
PLAN = f"/manage/processes/{PROCESS}/plan/"
WORKSPACE = PLAN + "analysis/"
AHEAD = PLAN + "ahead/"
PLAN_FILE = Path(__file__).resolve().parents[1] / "planning" / "data" / "plan.json"


def _shift_years(value, years):
    """``value`` with every year key ("2025", "2026-H1") moved by ``years``."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            match = re.fullmatch(r"(\d{4})(-H1)?", key)
            out[f"{int(match[1]) + years}{match[2] or ''}" if match else key] = _shift_years(item, years)
        return out
    if isinstance(value, list):
        return [_shift_years(item, years) for item in value]
    return value


def _demo_plan():
    """The demo's plan (the test plan file moved to the demo process when the demo has none),
    with a few rows in the analysis sections, a finding with a source and an adopted SWOT item."""
    from ortakakil.core.models import User
    from ortakakil.planning import analysis, selectors, services
    from ortakakil.processes.models import Process
    from ortakakil.proposals.selectors import public_proposals

    process = Process.objects.get(slug=PROCESS)
    plan = selectors.latest_plan(process)
    if plan is None:
        data = json.loads(PLAN_FILE.read_text(encoding="utf-8"))
        data = _shift_years(data, 2020 - data["period"]["start"])
        data |= {
            "process": PROCESS,
            "title": "Ankara Büyükşehir Belediyesi 2020–2024 Stratejik Planı",
            "period": {"start": 2020, "end": 2024},
        }
        plan = services.plan_import(data, actor=None).plan
    strategist = User.objects.get(username="strateji")
    if not plan.is_editable:  # the demo's plan is approved: its update is the draft
        plan = services.plan_start_update(actor=strategist, plan=plan)
    rows = [
        (
            "mandate",
            {
                "title": "Kentsel ulaşım hizmetlerini planlamak ve yürütmek",
                "detail": "5216 sayılı Kanun md. 7",
                "finding": "Toplu taşıma hatları nüfus artışına göre güncellenmedi.",
                "need": "Hat planlamasının veriye dayalı yenilenmesi",
            },
        ),
        (
            "policy",
            {
                "title": "On Birinci Kalkınma Planı (2019–2023)",
                "detail": "2.2.3.6 Ulaştırma, 441–460",
                "need": "Raylı sistem payının artırılması",
            },
        ),
        ("activity", {"title": "Ulaşım Hizmetleri", "detail": "Otobüs işletmesi, raylı sistemler, trafik düzenleme"}),
        (
            "internal",
            {
                "title": "Hizmet binalarının deprem dayanıklılığı",
                "category": "physical",
                "detail": "Binaların bir kısmı 1999 öncesi yapıldı.",
                "need": "Güçlendirme etüdü",
            },
        ),
        (
            "internal",
            {
                "title": "Nitelikli teknik personel",
                "category": "people",
                "detail": "Mühendis ve şehir plancısı açığı var.",
            },
        ),
        ("pestle", {"title": "Yüksek enflasyon", "category": "economic", "detail": "Yatırım maliyetleri artıyor."}),
    ]
    if plan.is_editable and not plan.analysis_items.exists():
        for section, row in rows:
            analysis.analysis_item_create(actor=strategist, plan=plan, section=section, data=row)
        finding = analysis.finding_create(
            actor=strategist,
            plan=plan,
            data={
                "section": "participation",
                "finding": "Gece ulaşımı en çok dile getirilen ihtiyaç.",
                "need": "Gece seferlerinin planlanması",
            },
        )
        proposal = public_proposals(process).order_by("-supports_count", "pk").first()
        services.source_add(
            actor=strategist, plan=plan, target="finding", item=finding, kind="proposal", object_id=proposal.pk
        )
    return plan


@pytest.fixture
def demo_plan(demo_site):
    return demo_site, _demo_plan()


@pytest.mark.parametrize("width", [390, 1366])
def test_situation_analysis_pages_fit_the_screen(browser, demo_plan, width, tmp_path):
    base, plan = demo_plan
    finding = plan.findings.first()
    pages = [WORKSPACE, AHEAD, PLAN + f"sources/finding/{finding.pk}/?kind=proposal&q=otob%C3%BCs", PLAN]
    context = browser.new_context(locale="tr-TR", viewport={"width": width, "height": 900})
    page = context.new_page()
    login(page, base, "strateji")
    wide = []
    for path in pages:
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            wide.append((path, page.evaluate("document.documentElement.scrollWidth")))
        assert serious_violations(page) == [], path
    assert wide == []
    # Screenshots for a human look (pytest --basetemp=DIR keeps them).
    for name, path in (("workspace", WORKSPACE), ("ahead", AHEAD), ("sources", pages[2])):
        page.goto(base + path)
        page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)
    context.close()


def test_a_swot_item_is_adopted_from_the_workspace(page, demo_plan):
    base, plan = demo_plan
    login(page, base, "strateji")
    page.goto(base + WORKSPACE)
    page.get_by_role("link", name=re.compile("GZFT|SWOT")).first.click()
    first = page.locator(".analysis-swot .swot-items > li").filter(has=page.locator("form.swot-adopt")).first
    text = first.locator(".swot-text").inner_text()
    first.locator("form.swot-adopt button").click()
    page.wait_for_load_state()
    assert page.locator(".messages").inner_text().count(text[:40]) == 1
    row = page.locator("#swot table.analysis-table tbody tr").filter(has_text=text[:40])
    assert row.count() == 1
    assert plan.analysis_items.filter(section="swot", title=text).exists()
