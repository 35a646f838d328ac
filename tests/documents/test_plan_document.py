"""The strategic plan document (DOCX, PDF) and its goal cards (XLSX), rendered from plain data:
no database, no planning app."""

from __future__ import annotations

import copy
import io
import re
import shutil
import subprocess
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from ortakakil.documents.plan_content import format_money, format_number
from ortakakil.documents.plan_document import goal_cards_xlsx, plan_docx, plan_filename, plan_html, plan_pdf

TURKISH = "Çığ Ğöl İşçi Şükür ıİ"  # every Turkish letter, upper and lower case


def _indicator(code: str, title: str, *, weight: float, baseline: float, targets: list[float], **more: Any) -> dict:
    return {
        "code": code,
        "title": title,
        "unit": more.pop("unit", "%"),
        "direction": more.pop("direction", "increase"),
        "weight": weight,
        "baseline": baseline,
        "targets": {str(year): value for year, value in zip(range(2020, 2025), targets, strict=True)},
        "monitoring": "6 ay",
        "reporting": "12 ay",
        **more,
    }


PLAN: dict[str, Any] = {
    "process": "ornek-2020-2024",
    "title": "Örnek Büyükşehir Belediyesi 2020–2024 Stratejik Planı",
    "period": {"start": 2020, "end": 2024},
    "organisation": "Örnek Büyükşehir Belediyesi",
    "version": {"number": 1, "kind": "initial", "status": "draft", "approved_at": None, "council_decision": ""},
    "mission": "Kentlilerle birlikte karar veren bir belediye olmak.",
    "vision": "Yeşil, erişilebilir ve dayanışmacı bir kent.",
    "values": ["Katılımcılık", "Şeffaflık"],
    "aims": [
        {
            "code": "A1",
            "title": "Kentsel ulaşımı erişilebilir kılmak",
            "weight": 60,
            "goals": [
                {
                    "code": "H1.1",
                    "title": "Toplu taşımanın payını artırmak",
                    "weight": 70,
                    "responsible_unit": "Ulaşım Daire Başkanlığı",
                    "cooperating_units": ["Fen İşleri Daire Başkanlığı"],
                    "risks": ["Araç alımında bütçe kısıtı"],
                    "controls": ["Üç aylık bütçe kontrolü"],
                    "strategies": [f"Otobüs şeritleri — {TURKISH}"],
                    "activities": ["Akıllı durak projesi"],
                    "costs": {"2020": 1500000, "2021": 1800000, "2022": 2000000, "2023": 2000000, "2024": 1234567.5},
                    "findings": ["Toplu taşıma payı düştü"],
                    "needs": ["Hat planlamasının yenilenmesi"],
                    "sources": [
                        {
                            "kind": "proposal",
                            "id": 12,
                            "title": "Metrobüs Çayyolu'na uzatılsın",
                            "url": "https://ornek.example/oneriler/12/",
                        },
                        {"kind": "workshop_idea", "id": 301, "title": "Otobüs şeritleri denetlensin"},
                        {"kind": "survey_answer", "id": 88, "url": "javascript:alert(1)"},
                    ],
                    "indicators": [
                        _indicator(
                            "PG1.1.1",
                            "Toplu taşımanın yolculuklardaki payı",
                            weight=60,
                            baseline=38.5,
                            targets=[39, 41, 43, 45, 48],
                        ),
                        _indicator(
                            "PG1.1.2",
                            "Ortalama bekleme süresi",
                            weight=40,
                            baseline=14,
                            unit="dakika",
                            direction="decrease",
                            targets=[13, 12, 11, 10, 9],
                        ),
                    ],
                },
                {
                    "code": "H1.2",
                    "title": "Bisiklet ağını genişletmek",
                    "weight": 30,
                    "responsible_unit": "Fen İşleri Daire Başkanlığı",
                    "costs": {"2020": 300000, "2021": 400000},
                    "indicators": [
                        _indicator(
                            "PG1.2.1",
                            "Bisiklet yolu uzunluğu",
                            weight=100,
                            baseline=20,
                            unit="km",
                            targets=[30, 45, 60, 80, 1000],
                            cumulative=True,
                        ),
                    ],
                },
            ],
        },
        {
            "code": "A2",
            "title": "Afetlere dirençli bir kent oluşturmak",
            "weight": 40,
            "goals": [
                {
                    "code": "H2.1",
                    "title": "Yeşil alanı artırmak",
                    "responsible_unit": "Park ve Bahçeler Daire Başkanlığı",
                    "indicators": [
                        _indicator(
                            "PG2.1.1",
                            "Kişi başına yeşil alan",
                            weight=100,
                            baseline=6,
                            unit="m²",
                            targets=[6, 7, 8, 9, 10],
                        ),
                    ],
                }
            ],
        },
    ],
    "analysis": {
        "sections": [
            {"section": "history", "items": [{"title": "Kuruluş", "detail": "1984 yılında kuruldu."}]},
            {
                "section": "mandate",
                "items": [
                    {
                        "title": "Stratejik plan hazırlamak",
                        "detail": "5018 sayılı Kanun md. 9",
                        "finding": "Plan altı ay içinde sunulmalı",
                        "need": "Erken başlangıç",
                    }
                ],
            },
            {"section": "pestle", "items": [{"category": "E", "title": "Akaryakıt fiyatları", "detail": "Artıyor."}]},
        ],
        "findings": [{"section": "mandate", "finding": "Plan altı ay içinde sunulmalı", "need": "Erken başlangıç"}],
    },
}

EXTRAS: dict[str, Any] = {
    "foreword": "Değerli hemşehrilerim,\n\nBu plan sizinle birlikte hazırlandı.",
    "preparation": [
        {
            "title": "Genelgenin yayımlanması",
            "unit": "Strateji Geliştirme",
            "start": "2019-09-02",
            "end": "2019-09-06",
            "status": "done",
        },
    ],
    "board": ["Belediye Başkanı", "Genel Sekreter"],
    "participation": [{"label": "Çevrimiçi öneriler", "count": 617}, {"label": "Anket yanıtları", "count": 2315}],
    "stakeholders": [{"name": "Ankara Ticaret Odası", "type": "Meslek kuruluşu", "priority": "birlikte çalış"}],
    "swot": {
        "strengths": [{"text": "Raylı sistem omurgası", "count": 1234}],
        "threats": [{"text": "Deprem", "count": 28}],
    },
    "monitoring_text": "Sonuçlar platformda yayımlanır.",
}

GOAL_CODES = ["H1.1", "H1.2", "H2.1"]
INDICATOR_CODES = ["PG1.1.1", "PG1.1.2", "PG1.2.1", "PG2.1.1"]


def _docx_text(content: bytes) -> tuple[Any, str]:
    """The document read back with python-docx, and all its text: paragraphs, then table cells."""
    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return document, "\n".join(texts)


@pytest.fixture(scope="module")
def pdf_text() -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("poppler-utils is missing: apt-get install poppler-utils (.ci/run installs it)")
    content = plan_pdf(PLAN, EXTRAS)
    assert content.startswith(b"%PDF")
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode()


def test_docx_is_a4_with_the_guides_headings_every_goal_and_indicator():
    document, text = _docx_text(plan_docx(PLAN, EXTRAS))

    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert document.core_properties.language == "tr-TR"
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["Sunuş", "1. Stratejik Plan Hazırlık Süreci"]
    for heading in (
        "2. Durum Analizi",
        "2.2 Mevzuat analizi",
        "2.8 GZFT analizi",
        "2.9 Tespitler ve ihtiyaçlar",
        "3. Geleceğe Bakış",
        "4. Stratejiler: Amaçlar, Hedefler ve Performans Göstergeleri",
        "Hedef Kartı H1.1: Toplu taşımanın payını artırmak",
        "5. Maliyetlendirme",
        "6. İzleme ve Değerlendirme",
    ):
        assert heading in headings
    for code in GOAL_CODES + INDICATOR_CODES:
        assert code in text
    assert f"Otobüs şeritleri — {TURKISH}" in text
    assert "ÖRNEK BÜYÜKŞEHİR BELEDİYESİ" in text  # Turkish upper case: İ, not I
    assert "Taslak — sürüm 1" in text


def test_docx_goal_card_has_the_guides_rows_and_turkish_numbers():
    document, _text = _docx_text(plan_docx(PLAN, EXTRAS))
    card = next(t for t in document.tables if t.cell(0, 0).text == "Amaç")

    rows = [[cell.text for cell in row.cells] for row in card.rows]
    assert rows[1][0] == "Hedef" and rows[1][-1] == "H1.1 Toplu taşımanın payını artırmak"
    assert rows[2] == [
        "Performans göstergeleri",
        "Hedefe etkisi (%)",
        "Plan dönemi başlangıç değeri",
        "2020",
        "2021",
        "2022",
        "2023",
        "2024",
        "İzleme sıklığı",
        "Raporlama sıklığı",
    ]
    assert rows[3] == [
        "PG1.1.1 Toplu taşımanın yolculuklardaki payı (%)",
        "60",
        "38,5",
        "39",
        "41",
        "43",
        "45",
        "48",
        "6 ay",
        "12 ay",
    ]
    labels = [row[0] for row in rows[5:]]
    assert labels == [
        "Sorumlu birim",
        "İşbirliği yapılacak birimler",
        "Riskler",
        "Kontrol faaliyetleri",
        "Stratejiler",
        "Faaliyet ve projeler",
        "Maliyet tahmini (TL)",
        "Tespitler",
        "İhtiyaçlar",
    ]
    cost = rows[5 + labels.index("Maliyet tahmini (TL)")]
    assert cost[3:] == [
        "1.500.000",
        "1.800.000",
        "2.000.000",
        "2.000.000",
        "1.234.567,5",
        "Toplam: 8.534.567,5 TL",
        "Toplam: 8.534.567,5 TL",
    ]


def test_docx_lists_the_contribution_sources_of_a_goal():
    document, _text = _docx_text(plan_docx(PLAN, EXTRAS))
    sources = [p.text for p in document.paragraphs if p.text.startswith("Katkı kaynakları:")]

    assert sources[0] == (
        "Katkı kaynakları: Öneri: Metrobüs Çayyolu'na uzatılsın; Çalıştay fikri: Otobüs şeritleri denetlensin; "
        "Anket yanıtı #88"
    )
    assert sources[1:] == ["Katkı kaynakları: —", "Katkı kaynakları: —"]


def test_docx_costing_sums_aims_and_the_plan_per_year():
    document, _text = _docx_text(plan_docx(PLAN, EXTRAS))
    costing = next(t for t in document.tables if t.cell(0, 0).text == "Kod")
    rows = [[cell.text for cell in row.cells] for row in costing.rows]

    assert rows[0] == ["Kod", "Amaç / hedef", "2020", "2021", "2022", "2023", "2024", "Toplam"]
    assert rows[1] == [
        "A1",
        "Kentsel ulaşımı erişilebilir kılmak",
        "1.800.000",
        "2.200.000",
        "2.000.000",
        "2.000.000",
        "1.234.567,5",
        "9.234.567,5",
    ]
    assert rows[3] == ["H1.2", "Bisiklet ağını genişletmek", "300.000", "400.000", "—", "—", "—", "700.000"]
    assert rows[-1][1:] == ["Toplam", "1.800.000", "2.200.000", "2.000.000", "2.000.000", "1.234.567,5", "9.234.567,5"]


def test_pdf_has_goal_cards_a_table_of_contents_with_page_numbers_and_the_monitoring_chapter(pdf_text):
    for text in ("İçindekiler", "Hedef Kartı", "Katkı kaynakları", "İzleme ve Değerlendirme", "Maliyetlendirme"):
        assert text in pdf_text
    for code in GOAL_CODES + INDICATOR_CODES:
        assert code in pdf_text
    assert TURKISH in pdf_text
    assert "1.500.000" in pdf_text and "38,5" in pdf_text and "Raylı sistem omurgası (1.234)" in pdf_text
    # the table of contents gives each goal card's page
    assert re.search(r"Hedef Kartı H2\.1: Yeşil alanı artırmak\s*\.{5,}\s*\d+", pdf_text)
    assert re.search(r"6\. İzleme ve Değerlendirme\s*\.{5,}\s*\d+", pdf_text)


def test_print_html_puts_each_goal_card_on_its_own_page_and_links_only_web_addresses():
    html = plan_html(PLAN, EXTRAS)

    assert html.count('<section class="goal-card">') == len(GOAL_CODES)
    assert ".goal-card { break-before: page; }" in html
    assert '<a href="https://ornek.example/oneriler/12/">Öneri: Metrobüs Çayyolu&#x27;na uzatılsın</a>' in html
    assert "javascript:" not in html


def test_html_escapes_the_plans_texts():
    plan = copy.deepcopy(PLAN)
    plan["aims"][0]["goals"][0]["title"] = "<script>alert(1)</script>"

    html = plan_html(plan, {})

    assert "<script>" not in html and "&lt;script&gt;" in html


def test_an_approved_plan_names_the_council_decision_and_is_no_longer_marked_draft():
    plan = copy.deepcopy(PLAN)
    plan["version"] = {
        "number": 2,
        "kind": "update",
        "status": "approved",
        "approved_at": "2020-02-14",
        "council_decision": "245 sayılı Meclis kararı",
    }

    _document, text = _docx_text(plan_docx(plan, EXTRAS))

    assert "Onaylandı (güncelleme) — sürüm 2" in text
    assert "Meclis kararı: 245 sayılı Meclis kararı" in text
    assert "Onay tarihi: 14 Şubat 2020" in text
    assert 'data-status=""' in plan_html(plan, EXTRAS)
    assert 'data-status="Taslak"' in plan_html(PLAN, EXTRAS)


def test_missing_extras_and_analysis_keep_the_numbered_sections():
    plan = {key: value for key, value in PLAN.items() if key not in ("analysis", "version", "organisation")}
    plan["aims"] = [
        {
            "code": "A1",
            "title": "Amaç",
            "goals": [
                {
                    "code": "H1.1",
                    "title": "Hedef",
                    "indicators": [
                        {
                            "code": "PG1.1.1",
                            "title": "Gösterge",
                            "direction": "increase",
                            "weight": 100,
                            "baseline": 0,
                            "targets": {},
                        }
                    ],
                }
            ],
        }
    ]

    _document, text = _docx_text(plan_docx(plan, {}))
    html = plan_html(plan, {})

    assert "2.2 Mevzuat analizi" in text and "Bu bölüm henüz doldurulmadı." in text
    assert "Sunuş" not in text  # no foreword, no empty chapter for it
    assert "2.5 Paydaş analizi" in html and "Bu bölüm henüz doldurulmadı." in html


def test_control_characters_in_an_imported_plan_do_not_break_the_files():
    plan = copy.deepcopy(PLAN)
    plan["aims"][0]["title"] = "Ulaşım\x00\x1f ağı"

    _document, text = _docx_text(plan_docx(plan, {}))
    workbook = load_workbook(io.BytesIO(goal_cards_xlsx(plan)))

    assert "A1 Ulaşım ağı" in text
    assert workbook["Göstergeler"]["B2"].value == "Ulaşım ağı"


def test_goal_cards_xlsx_has_one_row_per_indicator_and_one_per_goal_with_turkish_headings():
    workbook = load_workbook(io.BytesIO(goal_cards_xlsx(PLAN)))

    assert workbook.sheetnames == ["Göstergeler", "Hedefler"]
    indicators = list(workbook["Göstergeler"].iter_rows(values_only=True))
    assert indicators[0][:10] == (
        "Amaç kodu",
        "Amaç",
        "Hedef kodu",
        "Hedef",
        "Gösterge kodu",
        "Performans göstergesi",
        "Ölçü birimi",
        "Yön",
        "Hedefe etkisi (%)",
        "Plan dönemi başlangıç değeri",
    )
    assert indicators[0][10:15] == ("2020 hedefi", "2021 hedefi", "2022 hedefi", "2023 hedefi", "2024 hedefi")
    assert [row[4] for row in indicators[1:]] == INDICATOR_CODES
    assert indicators[2][:10] == (
        "A1",
        "Kentsel ulaşımı erişilebilir kılmak",
        "H1.1",
        "Toplu taşımanın payını artırmak",
        "PG1.1.2",
        "Ortalama bekleme süresi",
        "dakika",
        "Azalış",
        40,
        14,
    )
    goals = list(workbook["Hedefler"].iter_rows(values_only=True))
    assert [row[2] for row in goals[1:]] == GOAL_CODES
    total = goals[0].index("Toplam maliyet (TL)")
    assert [row[total] for row in goals[1:]] == [8534567.5, 700000, 0]
    assert "Öneri: Metrobüs Çayyolu'na uzatılsın <https://ornek.example/oneriler/12/>" in goals[1][-1]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234.5, "1.234,5"),
        (1500000, "1.500.000"),
        (0.1 + 0.2, "0,3"),
        (-1234.567, "-1.234,57"),
        (48.0, "48"),
        (None, "—"),
        (float("nan"), "—"),
    ],
)
def test_numbers_are_written_the_turkish_way(value, text):
    assert format_number(value) == text


def test_money_and_file_names():
    assert format_money(1500000) == "1.500.000 TL"
    assert plan_filename(PLAN, "docx") == "ornek-2020-2024-stratejik-plan.docx"
    assert plan_filename(PLAN, "pdf") == "ornek-2020-2024-stratejik-plan.pdf"
    assert plan_filename(PLAN, "xlsx") == "ornek-2020-2024-hedef-kartlari.xlsx"
    assert plan_filename({"process": "../../etc"}, "pdf") == "etc-stratejik-plan.pdf"


PROJECTS = [
    {
        "code": "P01",
        "title": "Metro hattı uzatma etüdü",
        "kind": "yatırım",
        "goals": ["H1.1"],
        "unit": "Raylı Sistemler",
        "costs": {"2020": 500000, "2021": 750000},
    },
    {
        "code": "P02",
        "title": "Bisiklet yolu — Dikmen",
        "kind": "yatırım",
        "goals": ["H1.2", "H2.1"],
        "unit": "",
        "costs": {"2022": 250000},
    },
]


def test_the_adopted_portfolio_shows_in_the_goal_cards_and_under_the_costing():
    extras = {**EXTRAS, "projects": PROJECTS}
    document, text = _docx_text(plan_docx(PLAN, extras))
    assert "P01 Metro hattı uzatma etüdü (1.250.000 TL)" in text
    assert "P02 Bisiklet yolu — Dikmen (250.000 TL)" in text
    table = next(t for t in document.tables if t.cell(0, 1).text == "Proje (hedefler)")
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[1] == ["P01", "Metro hattı uzatma etüdü (H1.1)", "500.000", "750.000", "—", "—", "—", "1.250.000"]
    assert rows[2][1] == "Bisiklet yolu — Dikmen (H1.2, H2.1)"
    assert rows[-1][1:] == ["Toplam", "500.000", "750.000", "250.000", "0", "0", "1.500.000"]
    html = plan_html(PLAN, extras)
    assert "Metro hattı uzatma etüdü (H1.1)" in html and 'class="costing portfolio"' in html
    assert "Proje (hedefler)" not in _docx_text(plan_docx(PLAN, EXTRAS))[1]  # none without a portfolio
