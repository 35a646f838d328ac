"""The public scoreboard's open-data bundle (açık veri paketi): one ZIP with every table of
``monitoring.opendata`` as a CSV file (``csv_files``: UTF-8 with BOM, formula-safe cells) and all
of them together as ``veri.json``, the data dictionary as ``veri_sozlugu.csv`` and a README in
Turkish and English. The archive's entries carry a fixed date, so the same data gives the same
bytes."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from ortakakil.monitoring import opendata
from ortakakil.planning.models import Plan
from ortakakil.processes.models import Process

from .csv_files import csv_bytes

ZIP_MIME = "application/zip"
FIXED_DATE = (2020, 1, 1, 0, 0, 0)

README = """# Açık veri — {title}

Bu paket, stratejik planın (sürüm {number}) izleme ve değerlendirme verilerini içerir:
planın amaçları, hedefleri, performans göstergeleri ve hedef değerleri, onaylanmış gerçekleşme
değerleri ve oranları, kamuya açık katkılar (anonim) ve anketlerin toplu sonuçları.
Her tablo bir CSV dosyasıdır (UTF-8, virgülle ayrılmış); `veri.json` hepsini birlikte verir.
Her sütunun anlamı `veri_sozlugu.csv` dosyasındadır. Kişisel veri yoktur: ad, e-posta, kullanıcı
numarası ya da IP adresi yer almaz; {small} kişiden az yanıtlanan anket sorularının dağılımı
yayımlanmaz.

# Open data — {title}

This bundle holds the monitoring and evaluation data of the strategic plan (version {number}):
its aims, goals, performance indicators and targets, the approved actual values and rates, the
public contributions (anonymous) and the surveys' aggregated results. Each table is a CSV file
(UTF-8, comma-separated); `veri.json` holds them all. `veri_sozlugu.csv` describes every column.
Nothing personal is included: no names, e-mail addresses, user numbers or IP addresses; survey
questions answered by fewer than {small} people are published without their breakdown.

Tablolar / tables:
{tables}
"""


def _entry(archive: zipfile.ZipFile, name: str, content: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, content)


def bundle(process: Process, plan: Plan) -> tuple[bytes, str]:
    """The ZIP's bytes and its file name."""
    data = opendata.tables(process, plan)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for table in opendata.TABLES:
            names = [column.name for column in table.columns]
            rows = [[_cell(row.get(name)) for name in names] for row in data[table.name]]
            _entry(archive, f"{table.name}.csv", csv_bytes(headers=names, rows=rows))
        dictionary = opendata.dictionary_rows()
        _entry(
            archive,
            "veri_sozlugu.csv",
            csv_bytes(
                headers=["dosya", "sutun", "aciklama", "description"],
                rows=[[row["dosya"], row["sutun"], row["aciklama"], row["description"]] for row in dictionary],
            ),
        )
        document: dict[str, Any] = {
            "surec": process.slug,
            "plan_surumu": plan.number,
            "tablolar": data,
            "veri_sozlugu": dictionary,
        }
        _entry(archive, "veri.json", json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
        listing = "\n".join(f"- {t.name}.csv — {t.tr} / {t.en}" for t in opendata.TABLES)
        readme = README.format(title=process.title, number=plan.number, small=opendata.SMALL_COUNT, tables=listing)
        _entry(archive, "README.md", readme.encode("utf-8"))
    return buffer.getvalue(), f"{process.slug}-acik-veri.zip"


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return value
