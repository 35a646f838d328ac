"""Proposal search forgives accents: "kizilay" finds "Kızılay", "ogrenci" finds "öğrenci" (and the
other way round). The folded column is recomputed for existing proposals, and PostgreSQL's GIN
index moves from the "turkish" text-search configuration to "simple": the Turkish stemmer
follows vowel harmony, which accentless words no longer show ("otobusler" stays whole), so
``proposals/selectors.py`` matches words as prefixes, with their stems, instead.

The index expression must stay identical to ``SearchVector("search_text", config="simple")`` in
``proposals/selectors.py`` so that the planner uses it.
"""

from django.db import migrations, models

# The column must hold exactly what the code folds (models.proposal_search_text) for search to
# find anything, so this migration folds with the code's own function rather than a frozen copy.
from ortakakil.core.text import search_fold

DROP = "DROP INDEX IF EXISTS proposal_fulltext_tr"
TURKISH = """
CREATE INDEX IF NOT EXISTS proposal_fulltext_tr ON proposals_proposal
USING gin (to_tsvector('turkish'::regconfig, COALESCE(search_text, '')))
"""
SIMPLE = """
CREATE INDEX IF NOT EXISTS proposal_fulltext_tr ON proposals_proposal
USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))
"""
BATCH = 2000


def _execute_on_postgresql(*statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


def refold(apps, schema_editor):
    """Recompute ``search_text`` in batches of ``BATCH`` rows by primary key (each batch read
    whole before it is written: SQLite does not isolate a running ``iterator()`` from writes to
    its table), writing only the rows whose folded text changed."""
    Proposal = apps.get_model("proposals", "Proposal")
    last = 0
    while batch := list(
        Proposal.objects.filter(pk__gt=last).order_by("pk").only("title", "body", "search_text")[:BATCH]
    ):
        changed = []
        for proposal in batch:
            folded = search_fold(f"{proposal.title}\n{proposal.body}")
            if folded != proposal.search_text:
                proposal.search_text = folded
                changed.append(proposal)
        Proposal.objects.bulk_update(changed, ["search_text"], batch_size=500)
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("proposals", "0004_answer_plan_item_code")]

    operations = [
        migrations.AlterField(
            model_name="proposal",
            name="search_text",
            field=models.TextField(
                default="",
                editable=False,
                help_text="Title and body in Turkish lower case without accents; searched (PostgreSQL: its GIN index).",
            ),
        ),
        # Without the index while every row is rewritten; built again once, at the end.
        migrations.RunPython(_execute_on_postgresql(DROP), _execute_on_postgresql(DROP, TURKISH)),
        # Backwards the column keeps the accentless text: the Turkish-case search of 0003 then
        # finds less ("öğrenci" no longer finds "Öğrenci"), but nothing breaks.
        migrations.RunPython(refold, migrations.RunPython.noop),
        migrations.RunPython(_execute_on_postgresql(SIMPLE), _execute_on_postgresql(DROP)),
    ]
