"""Proposals search a column folded by the Turkish rules (İ/i, I/ı), so "OTOBÜS" finds "otobüs"
on both databases; PostgreSQL's GIN index moves to that column.

The index expression must stay identical to ``SearchVector("search_text", config="turkish")`` in
``proposals/selectors.py`` so that the planner uses it.
"""

import unicodedata

from django.db import migrations, models

CREATE = """
CREATE INDEX IF NOT EXISTS proposal_fulltext_tr ON proposals_proposal
USING gin (to_tsvector('turkish'::regconfig, COALESCE(search_text, '')))
"""
DROP = "DROP INDEX IF EXISTS proposal_fulltext_tr"
OLD = """
CREATE INDEX IF NOT EXISTS proposal_fulltext_tr ON proposals_proposal
USING gin (to_tsvector('turkish'::regconfig, COALESCE(title, '') || ' ' || COALESCE(body, '')))
"""


def _fold(text):
    # A frozen copy of core.text.search_fold as it was when this migration was written.
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(c for c in text if unicodedata.category(c) != "Cf").strip()
    return " ".join(text.translate({ord("I"): "ı", ord("İ"): "i"}).lower().split())


def fill(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    batch = []
    for proposal in Proposal.objects.only("pk", "title", "body").iterator(chunk_size=2000):
        proposal.search_text = _fold(f"{proposal.title}\n{proposal.body}")
        batch.append(proposal)
        if len(batch) >= 2000:
            Proposal.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Proposal.objects.bulk_update(batch, ["search_text"])


def reindex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
        schema_editor.execute(CREATE)


def unindex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
        schema_editor.execute(OLD)


class Migration(migrations.Migration):
    dependencies = [("proposals", "0002_fulltext_index")]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="search_text",
            field=models.TextField(
                default="",
                editable=False,
                help_text="Title and body folded by the Turkish rules; searched (PostgreSQL: its GIN index).",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(reindex, unindex),
    ]
