"""The Turkish ICU collation ``ortakakil_tr`` on PostgreSQL (SQLite registers a collation of
the same name on every connection; see ``core/db.py``)."""

from django.db import migrations

CREATE = "CREATE COLLATION IF NOT EXISTS ortakakil_tr (provider = icu, locale = 'tr-TR')"
DROP = "DROP COLLATION IF EXISTS ortakakil_tr"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
