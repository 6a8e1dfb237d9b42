from django.db import migrations, models


def consent_from_responses(apps, schema_editor):
    """Existing runs: a response's own consent decides whether its words may be published."""
    ThemeAssignment = apps.get_model("analysis", "ThemeAssignment")
    ThemeAssignment.objects.filter(response__publish_consent=True).update(publish_consent=True)


class Migration(migrations.Migration):
    dependencies = [
        ("analysis", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="themeassignment",
            name="publish_consent",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(consent_from_responses, migrations.RunPython.noop),
    ]
