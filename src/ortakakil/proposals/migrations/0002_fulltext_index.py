"""GIN index for Turkish full-text search of proposals (PostgreSQL only; SQLite searches with LIKE).

The expression must stay identical to ``SearchVector("title", "body", config="turkish")`` in
``proposals/selectors.py`` so that the planner uses the index.
"""

from django.db import migrations

CREATE = """
CREATE INDEX IF NOT EXISTS proposal_fulltext_tr ON proposals_proposal
USING gin (to_tsvector('turkish'::regconfig, COALESCE(title, '') || ' ' || COALESCE(body, '')))
"""
DROP = "DROP INDEX IF EXISTS proposal_fulltext_tr"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
