"""Each visit keeps its project's year (TrackingVisit.campaign), and a year's newest visits are
read from an index."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def set_years(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    TrackingVisit = apps.get_model("training", "TrackingVisit")
    TrackingVisit.objects.update(campaign_id=Subquery(Project.objects.filter(pk=OuterRef("project_id")).values("campaign_id")))


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0003_feedback_to_applicants"),
        ("training", "0003_last_visit"),
    ]

    operations = [
        migrations.AddField(
            model_name="trackingvisit",
            name="campaign",
            field=models.ForeignKey(
                null=True, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="campaigns.campaign", verbose_name="年度"
            ),
        ),
        migrations.RunPython(set_years, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="trackingvisit",
            name="campaign",
            field=models.ForeignKey(
                editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="campaigns.campaign", verbose_name="年度"
            ),
        ),
        migrations.AddIndex(
            model_name="trackingvisit",
            index=models.Index(fields=["campaign", "-visited_on", "-id"], name="trackingvisit_year_recent_idx"),
        ),
        migrations.AddIndex(
            model_name="trackingvisit",
            index=models.Index(fields=["-visited_on", "-id"], name="trackingvisit_recent_idx"),
        ),
    ]
