from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0006_places_triage_attachments_emails"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(fields=["process", "is_hidden", "-reports_count"], name="proposal_list_reported"),
        ),
    ]
